package org.gradflow.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.gradflow.tensor.Matrix;

/**
 * Handwritten digits: 1,797 images of 8 x 8 pixels, each pixel an integer 0..16, labelled with the digit 0..9.
 *
 * <p>Source: the test set of "Optical Recognition of Handwritten Digits", UCI Machine Learning Repository,
 * E. Alpaydin and C. Kaynak (1998), licensed CC BY 4.0 (https://doi.org/10.24432/C50P49). Forms by 43 people were
 * scanned to 32 x 32 bitmaps by NIST's preprocessing programs; the on-pixels in each 4 x 4 block were counted,
 * giving the 8 x 8 grid of counts 0..16. The file shipped here is the copy that scikit-learn distributes
 * ({@code digits.csv.gz}: one example per line, the 64 pixels row by row, then the label).
 */
public final class Digits {

    /** Number of examples. */
    public static final int EXAMPLES = 1797;
    /** Number of features: 8 x 8 pixels. */
    public static final int PIXELS = 64;
    /** Side of the square image. */
    public static final int SIDE = 8;
    /** Number of classes: the digits 0..9. */
    public static final int CLASSES = 10;
    /** Largest pixel value (a full 4 x 4 block). */
    public static final int MAX_PIXEL = 16;

    private static final String RESOURCE = "digits.csv.gz";

    private Digits() {
    }

    /**
     * The 1,797 digits as a classification data set: {@code X} is {@code 64 x 1797} (pixel values 0..16, row by
     * row of the image; features named {@code pixel_r_c}), labels 0..9. Checked on load.
     */
    public static DataSet load() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("Digits.load: resource org/gradflow/data/" + RESOURCE
                        + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("Digits.load: cannot read " + RESOURCE, e);
        }
    }

    private static DataSet parse(BufferedReader reader) throws IOException {
        List<String> lines = new ArrayList<>(EXAMPLES);
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.size() != EXAMPLES) {
            throw new IllegalStateException("Digits.load: " + RESOURCE + " has " + lines.size() + " rows, expected "
                    + EXAMPLES);
        }
        double[] X = new double[PIXELS * EXAMPLES];
        int[] labels = new int[EXAMPLES];
        for (int j = 0; j < EXAMPLES; j++) {
            String[] fields = lines.get(j).split(",");
            if (fields.length != PIXELS + 1) {
                throw new IllegalStateException("Digits.load: row " + (j + 1) + " has " + fields.length
                        + " fields, expected " + (PIXELS + 1));
            }
            for (int i = 0; i < PIXELS; i++) {
                X[i * EXAMPLES + j] = value(fields[i], 0, MAX_PIXEL, j, "pixel " + i);
            }
            labels[j] = (int) value(fields[PIXELS], 0, CLASSES - 1, j, "label");
        }
        List<String> names = new ArrayList<>(PIXELS);
        for (int i = 0; i < PIXELS; i++) {
            names.add("pixel_" + i / SIDE + "_" + i % SIDE);
        }
        return DataSet.classification(Matrix.of(PIXELS, EXAMPLES, X), labels, CLASSES).withFeatureNames(names);
    }

    private static double value(String field, int min, int max, int row, String what) {
        double v;
        try {
            v = Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Digits.load: row " + (row + 1) + ", " + what + " is '" + field
                    + "', not a number", e);
        }
        if (v != Math.rint(v) || v < min || v > max) {
            throw new IllegalStateException("Digits.load: row " + (row + 1) + ", " + what + " is " + v
                    + ", expected a whole number in " + min + ".." + max);
        }
        return v;
    }

    /** Example {@code j}'s pixels as an 8 x 8 image matrix (row {@code r}, column {@code c} of the picture). */
    public static Matrix image(DataSet digits, int j) {
        if (digits.features() != PIXELS) {
            throw new IllegalArgumentException("Digits.image: " + digits + " has " + digits.features()
                    + " features, an 8 x 8 image needs " + PIXELS);
        }
        Matrix x = digits.X().column(j);
        return Matrix.build(SIDE, SIDE, (r, c) -> x.get(r * SIDE + c, 0));
    }
}
