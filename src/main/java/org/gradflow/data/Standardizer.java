package org.gradflow.data;

import org.gradflow.tensor.Matrix;

/**
 * Per-feature standardization {@code x <- (x - mean) / std}, with the mean and the (population) standard
 * deviation of each feature (row) taken over the examples (columns) it was fitted on.
 *
 * <p>A feature that is constant in the fitted data (std 0, like the always-blank corner pixels of the digits) is
 * only centred: its scale is taken as 1, so it becomes 0 rather than NaN.
 */
public final class Standardizer {

    private final Matrix mean;
    private final Matrix std;

    private Standardizer(Matrix mean, Matrix std) {
        this.mean = mean;
        this.std = std;
    }

    /** The mean and standard deviation of every row of {@code X} ({@code n_features x N}), over its columns. */
    public static Standardizer fit(Matrix X) {
        Matrix mean = X.rowMeans();
        Matrix centred = X.plusColumn(mean.scale(-1));
        Matrix std = centred.hadamard(centred).rowMeans().map(Math::sqrt);
        return new Standardizer(mean, std);
    }

    /** {@code (X - mean) / std} per row; {@code X} must have as many rows as the fitted data. */
    public Matrix apply(Matrix X) {
        if (X.rows() != mean.rows()) {
            throw new IllegalArgumentException("Standardizer.apply: X is " + X.shape() + " but the standardizer was"
                    + " fitted on " + mean.rows() + " features");
        }
        Matrix scale = std.map(s -> s > 0 ? 1.0 / s : 1.0);
        return Matrix.build(X.rows(), X.cols(), (i, j) -> (X.get(i, j) - mean.get(i, 0)) * scale.get(i, 0));
    }

    /** The data set with its features standardized; labels and targets unchanged. */
    public DataSet apply(DataSet data) {
        return data.withFeatures(apply(data.X()));
    }

    /** The per-feature means, {@code n_features x 1}. */
    public Matrix mean() {
        return mean;
    }

    /** The per-feature standard deviations, {@code n_features x 1} (0 for constant features). */
    public Matrix std() {
        return std;
    }

    /** {@code Standardizer(64 features, 3 constant)}: what it was fitted on. */
    @Override
    public String toString() {
        int constant = 0;
        for (int i = 0; i < std.rows(); i++) {
            if (std.get(i, 0) == 0) {
                constant++;
            }
        }
        return "Standardizer(" + mean.rows() + " features, " + constant + " constant)";
    }
}
