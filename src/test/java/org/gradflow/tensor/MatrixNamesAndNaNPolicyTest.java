package org.gradflow.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Names that say what they do, errors that point to the right method, and one NaN policy for every operation. */
class MatrixNamesAndNaNPolicyTest {

    private static final Matrix A = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void rowSumsSumEachRowAndColumnSumsSumEachColumn() {
        assertArrayEquals(new double[][] {{6}, {15}}, A.rowSums().toArray());
        assertArrayEquals(new double[][] {{5, 7, 9}}, A.columnSums().toArray());
        assertArrayEquals(new double[][] {{2}, {5}}, A.rowMeans().toArray());
    }

    @Test
    void timesAScalarScalesLikeScale() {
        assertArrayEquals(new double[][] {{2, 4, 6}, {8, 10, 12}}, A.times(2.0).toArray());
        assertEquals(A.scale(-0.5), A.times(-0.5));
    }

    @Test
    void plusOfAMatrixAndAColumnPointsToPlusColumn() {
        Matrix M = Matrix.zeros(4, 5);
        Matrix b = Matrix.filled(4, 1, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> M.plus(b));
        assertTrue(e.getMessage().contains("4 x 5") && e.getMessage().contains("4 x 1")
                && e.getMessage().contains("plusColumn"), e.getMessage());
        assertEquals(Matrix.filled(4, 5, 1.0), M.plusColumn(b));
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> M.hadamard(b));
        assertTrue(h.getMessage().contains("do not broadcast"), h.getMessage());
    }

    @Test
    void noOperationMakesANaNSilently() {
        Matrix negative = Matrix.of(new double[][] {{1, -2}});
        ArithmeticException log = assertThrows(ArithmeticException.class, () -> negative.map(Math::log));
        assertTrue(log.getMessage().contains("map") && log.getMessage().contains("[0,1]")
                && log.getMessage().contains("-2"), log.getMessage());
        Matrix zero = Matrix.zeros(1, 2);
        ArithmeticException div = assertThrows(ArithmeticException.class, () -> zero.divide(zero));
        assertTrue(div.getMessage().startsWith("divide"), div.getMessage());
        Matrix huge = Matrix.of(new double[][] {{1e308}});
        Matrix inf = huge.scale(10);            // overflow passes through, isFinite finds it
        assertTrue(!inf.isFinite());
        assertThrows(ArithmeticException.class, () -> inf.minus(inf), "infinity - infinity");
        assertThrows(ArithmeticException.class, () -> inf.times(0.0), "infinity * 0");
        assertThrows(IllegalArgumentException.class, () -> Matrix.of(new double[][] {{Double.NaN}}));
    }

    @Test
    void aNaNAlreadyInAnInputIsPassedOnNotReportedAgain() {
        Matrix m = Matrix.zeros(1, 2);
        m.setInPlace(0, 0, Double.NaN);
        Matrix out = m.plus(1.0);
        assertTrue(Double.isNaN(out.get(0, 0)));
        assertEquals(1.0, out.get(0, 1), 0.0);
    }
}
