package org.gradflow.data;

import java.util.Objects;
import java.util.Optional;

/**
 * A data set split into a training part and a validation part, optionally standardized with statistics of the
 * training part (see {@link #standardize()}).
 */
public final class Split {

    private final DataSet train;
    private final DataSet validation;
    private final Standardizer transform;

    /** A split into {@code train} and {@code validation}, not standardized. */
    public Split(DataSet train, DataSet validation) {
        this(train, validation, null);
    }

    private Split(DataSet train, DataSet validation, Standardizer transform) {
        this.train = Objects.requireNonNull(train, "Split: train is null");
        this.validation = Objects.requireNonNull(validation, "Split: validation is null");
        if (train.features() != validation.features()) {
            throw new IllegalArgumentException("Split: train has " + train.features() + " features but validation has "
                    + validation.features());
        }
        this.transform = transform;
    }

    /** The training part. */
    public DataSet train() {
        return train;
    }

    /** The validation part. */
    public DataSet validation() {
        return validation;
    }

    /**
     * Both parts standardized with the mean and standard deviation of the training part only (so nothing about
     * the validation examples leaks into training): {@code x <- (x - mean) / std} per feature. The transform is
     * kept in {@link #transform()} for new data.
     */
    public Split standardize() {
        if (transform != null) {
            throw new IllegalStateException("Split.standardize: already standardized with " + transform);
        }
        Standardizer fitted = Standardizer.fit(train.X());
        return new Split(fitted.apply(train), fitted.apply(validation), fitted);
    }

    /** The standardization applied by {@link #standardize()}, empty if the split is not standardized. */
    public Optional<Standardizer> transform() {
        return Optional.ofNullable(transform);
    }

    /** {@code Split(train=DataSet(...), validation=DataSet(...))}, with the standardization if any. */
    @Override
    public String toString() {
        return "Split(train=" + train + ", validation=" + validation
                + (transform == null ? "" : ", standardized") + ")";
    }
}
