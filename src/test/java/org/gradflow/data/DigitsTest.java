package org.gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped handwritten digits load from the class path with the shape and content of the UCI file. */
class DigitsTest {

    private static DataSet digits;

    @BeforeAll
    static void load() {
        digits = Digits.load();
    }

    @Test
    void hasTheShapeOfTheUciTestSet() {
        assertEquals(1797, digits.size());
        assertEquals(64, digits.features());
        assertEquals(10, digits.classes());
        assertEquals("64 x 1797", digits.X().shape());
        assertEquals("10 x 1797", digits.T().shape());
        assertEquals("DataSet(1797 examples, 64 features, 10 classes)", digits.toString());
    }

    @Test
    void pixelsAreWholeNumbersFrom0To16() {
        double[][] X = digits.X().toArray();
        for (double[] row : X) {
            for (double v : row) {
                assertEquals(Math.rint(v), v);
                assertEquals(true, v >= 0 && v <= 16, "pixel " + v);
            }
        }
        assertEquals(16.0, digits.X().max());
    }

    @Test
    void classCountsAreThoseOfTheFile() {
        // counted with: zcat digits.csv.gz | awk -F, '{c[$65]++} END {for (k in c) print k, c[k]}'
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, digits.classCounts());
    }

    @Test
    void firstAndLastExamplesMatchTheFile() {
        // first line of the file: a 0 whose top image row is 0,0,5,13,9,1,0,0
        assertEquals(0, digits.labels()[0]);
        Matrix image = Digits.image(digits, 0);
        assertEquals("8 x 8", image.shape());
        assertArrayEquals(new double[] {0, 0, 5, 13, 9, 1, 0, 0}, image.toArray()[0]);
        assertArrayEquals(new double[] {0, 3, 15, 2, 0, 11, 8, 0}, image.toArray()[2]);
        // last line: an 8 whose bottom image row is 0,1,8,12,14,12,1,0
        assertEquals(8, digits.labels()[1796]);
        assertArrayEquals(new double[] {0, 1, 8, 12, 14, 12, 1, 0}, Digits.image(digits, 1796).toArray()[7]);
    }

    @Test
    void featuresAreNamedByImagePosition() {
        assertEquals("pixel_0_0", digits.featureNames().get(0));
        assertEquals("pixel_2_3", digits.featureNames().get(19));
        assertEquals("pixel_7_7", digits.featureNames().get(63));
    }

    @Test
    void oneHotTargetsMatchTheLabels() {
        int[] labels = digits.labels();
        for (int j = 0; j < digits.size(); j += 97) {
            for (int c = 0; c < 10; c++) {
                assertEquals(c == labels[j] ? 1.0 : 0.0, digits.T().get(c, j));
            }
        }
    }
}
