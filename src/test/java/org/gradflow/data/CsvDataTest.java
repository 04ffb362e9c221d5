package org.gradflow.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** CSV files in and out through Tablesaw. */
class CsvDataTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void fails(String expectedText, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expectedText), "\"" + e.getMessage() + "\" should contain \""
                + expectedText + "\"");
    }

    @Test
    void readsAHandWrittenFileWithTheLabelInAnyColumn() throws IOException {
        Path csv = file("flowers.csv", "length,species,width\n1.5,0,0.25\n2,2,0.5\n3.25,1,1\n");
        DataSet d = CsvData.classification(csv, "species");
        assertEquals(List.of("length", "width"), d.featureNames());
        assertEquals(Matrix.of(new double[][] {{1.5, 2, 3.25}, {0.25, 0.5, 1}}), d.X());
        assertArrayEquals(new int[] {0, 2, 1}, d.labels());
        assertEquals(3, d.classes());
    }

    @Test
    void classificationRoundTripThroughATempFile() {
        DataSet original = Synthetic.blobs(new double[][] {{0, 0, 1}, {3, -1, 2}, {-2, 4, 0}}, 20, 0.7, new Random(8));
        Path csv = dir.resolve("blobs.csv");
        CsvData.write(original, csv, "label");
        DataSet back = CsvData.classification(csv, "label");
        assertEquals(original.X(), back.X());
        assertArrayEquals(original.labels(), back.labels());
        assertEquals(original.classes(), back.classes());
        assertEquals(original.featureNames(), back.featureNames());
    }

    @Test
    void regressionRoundTripThroughATempFile() {
        DataSet original = Synthetic.regressionCurve(40, 0.2, new Random(2));
        Path csv = dir.resolve("curve.csv");
        CsvData.write(original, csv, "t");
        DataSet back = CsvData.regression(csv, "t");
        assertEquals(original.X(), back.X());
        assertEquals(original.T(), back.T());
    }

    @Test
    void aMissingLabelColumnIsNamedWithTheColumnsThereAre() throws IOException {
        Path csv = file("a.csv", "a,b\n1,0\n2,1\n");
        fails("there is no column 'label'; the columns are [a, b]", () -> CsvData.classification(csv, "label"));
    }

    @Test
    void badLabelsAndFeaturesAreRejected() throws IOException {
        fails("label column 'y' row 2 is 0.5", () -> CsvData.classification(
                file("b.csv", "x,y\n1,0\n2,0.5\n"), "y"));
        fails("label column 'y' row 1 is -1.0", () -> CsvData.classification(
                file("c.csv", "x,y\n1,-1\n2,0\n"), "y"));
        fails("column 'y' holds STRING values, not numbers", () -> CsvData.classification(
                file("d.csv", "x,y\n1,cat\n2,dog\n"), "y"));
        fails("column 'x' row 2 is missing", () -> CsvData.classification(
                file("e.csv", "x,y\n1,0\n,1\n3,1\n"), "y"));
        fails("no feature columns", () -> CsvData.classification(file("f.csv", "y\n1\n0\n"), "y"));
    }

    @Test
    void aRegressionDataSetWithSeveralOutputsCannotBeWrittenToOneColumn() {
        DataSet d = DataSet.regression(Matrix.row(1, 2), Matrix.zeros(2, 2));
        fails("has 2 outputs", () -> CsvData.toTable(d, "t"));
    }
}
