package org.gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generators: shapes, balance, geometry without noise, determinism by seed, bad inputs. */
class SyntheticTest {

    @Test
    void spiralsAreTwoBalancedClassesOnTheirCurve() {
        DataSet d = Synthetic.twoSpirals(100, 0, new Random(1));
        assertEquals(200, d.size());
        assertEquals(2, d.features());
        assertArrayEquals(new int[] {100, 100}, d.classCounts());
        double[][] X = d.X().toArray();
        for (int k = 0; k < 100; k++) {
            double theta = 3 * Math.PI * k / 100;
            double r = Math.hypot(X[0][k], X[1][k]);
            assertEquals(theta / (3 * Math.PI), r, 1e-12);
            // class 1 is class 0 turned by 180 degrees
            assertEquals(-X[0][k], X[0][100 + k], 1e-12);
            assertEquals(-X[1][k], X[1][100 + k], 1e-12);
        }
    }

    @Test
    void moonsLieOnTheirHalfCircles() {
        DataSet d = Synthetic.twoMoons(50, 0, new Random(1));
        assertArrayEquals(new int[] {50, 50}, d.classCounts());
        double[][] X = d.X().toArray();
        for (int j = 0; j < 100; j++) {
            double x = X[0][j];
            double y = X[1][j];
            if (j < 50) {
                assertEquals(1, x * x + y * y, 1e-12);
                assertTrue(y >= -1e-12);
            } else {
                assertEquals(1, (1 - x) * (1 - x) + (0.5 - y) * (0.5 - y), 1e-12);
                assertTrue(y <= 0.5 + 1e-12);
            }
        }
    }

    @Test
    void xorLabelsAreOneWhereTheSignsDiffer() {
        DataSet d = Synthetic.xor(25, 0.2, new Random(4));
        assertEquals(100, d.size());
        assertArrayEquals(new int[] {50, 50}, d.classCounts());
        double[][] X = d.X().toArray();
        int[] labels = d.labels();
        int agree = 0;
        for (int j = 0; j < 100; j++) {
            agree += (X[0][j] * X[1][j] < 0 ? 1 : 0) == labels[j] ? 1 : 0;
        }
        assertTrue(agree >= 98, agree + " of 100 on the right side (noise 0.2 rarely crosses an axis)");
    }

    @Test
    void blobsGatherAroundTheirCenters() {
        double[][] centers = {{0, 0, 0}, {5, 0, -5}, {0, 5, 5}};
        DataSet d = Synthetic.blobs(centers, 400, 0.5, new Random(2));
        assertEquals(1200, d.size());
        assertEquals(3, d.features());
        assertEquals(3, d.classes());
        assertArrayEquals(new int[] {400, 400, 400}, d.classCounts());
        double[][] X = d.X().toArray();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                double mean = 0;
                double var = 0;
                for (int k = 0; k < 400; k++) {
                    mean += X[i][c * 400 + k] / 400;
                }
                for (int k = 0; k < 400; k++) {
                    var += Math.pow(X[i][c * 400 + k] - mean, 2) / 400;
                }
                assertEquals(centers[c][i], mean, 0.1);
                assertEquals(0.25, var, 0.05);
            }
        }
    }

    @Test
    void regressionCurveScattersAroundTheCurveWithTheGivenNoise() {
        DataSet d = Synthetic.regressionCurve(2000, 0.1, new Random(3));
        assertEquals("1 x 2000", d.X().shape());
        assertEquals("1 x 2000", d.T().shape());
        double sum = 0;
        double sumSquares = 0;
        for (int j = 0; j < 2000; j++) {
            double x = d.X().get(0, j);
            assertTrue(x >= -1 && x <= 1);
            double r = d.T().get(0, j) - (Math.sin(Math.PI * x) + 0.5 * x);
            sum += r;
            sumSquares += r * r;
        }
        assertEquals(0, sum / 2000, 0.01);
        assertEquals(0.1, Math.sqrt(sumSquares / 2000), 0.01);
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        assertEquals(Synthetic.twoSpirals(30, 0.1, new Random(5)).X(), Synthetic.twoSpirals(30, 0.1, new Random(5)).X());
        assertEquals(Synthetic.twoMoons(30, 0.1, new Random(5)).X(), Synthetic.twoMoons(30, 0.1, new Random(5)).X());
        assertEquals(Synthetic.xor(30, 0.1, new Random(5)).X(), Synthetic.xor(30, 0.1, new Random(5)).X());
        assertEquals(Synthetic.regressionCurve(30, 0.1, new Random(5)).T(),
                Synthetic.regressionCurve(30, 0.1, new Random(5)).T());
        assertNotEquals(Synthetic.twoMoons(30, 0.1, new Random(5)).X(), Synthetic.twoMoons(30, 0.1, new Random(6)).X());
    }

    @Test
    void badSizesAndNoiseAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synthetic.twoSpirals(0, 0.1, new Random(1)));
        assertTrue(e.getMessage().contains("Synthetic.twoSpirals: count 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Synthetic.twoMoons(-5, 0.1, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.xor(10, -0.1, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.regressionCurve(10, Double.NaN, new Random(1)));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.blobs(new double[][] {{0, 0}}, 5, 1,
                new Random(1)));
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> Synthetic.blobs(new double[][] {{0, 0}, {1}}, 5, 1, new Random(1)));
        assertTrue(ragged.getMessage().contains("center 1 has 1 coordinates"), ragged.getMessage());
    }
}
