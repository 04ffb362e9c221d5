package org.gradflow.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.IntStream;
import org.gradflow.tensor.Matrix;

/**
 * A data set in gradflow's layout: features {@code X} with one column per example ({@code n_features x N}) and
 * targets {@code T} with one column per example.
 *
 * <p>For classification the examples also have integer labels {@code 0..classes-1} and {@code T} is their one-hot
 * encoding ({@code classes x N}); for regression {@code T} holds the target values ({@code outputs x N}) and there
 * are no labels.
 *
 * <p>Data sets are immutable: {@link #batch}, {@link #split} and {@link Standardizer#apply(DataSet)} return new ones.
 * The training loop draws its batches with {@link #batches(int, Random)}: each epoch is a fresh shuffle cut into
 * batches, so the batches are drawn without replacement and every example is used once per epoch.
 */
public final class DataSet {

    private final Matrix X;
    private final Matrix T;
    /** Labels for classification, null for regression. */
    private final int[] labels;
    /** Number of classes for classification, 0 for regression. */
    private final int classes;
    private final List<String> featureNames;

    private DataSet(Matrix X, Matrix T, int[] labels, int classes, List<String> featureNames) {
        this.X = X;
        this.T = T;
        this.labels = labels;
        this.classes = classes;
        this.featureNames = featureNames;
    }

    /**
     * A classification data set: features {@code X} ({@code n_features x N}), one label in {@code 0..classes-1} per
     * column; {@code T} is the one-hot encoding of the labels.
     */
    public static DataSet classification(Matrix X, int[] labels, int classes) {
        Objects.requireNonNull(X, "DataSet.classification: X is null");
        Objects.requireNonNull(labels, "DataSet.classification: labels are null");
        if (labels.length != X.cols()) {
            throw new IllegalArgumentException("DataSet.classification: " + labels.length + " labels for X of shape "
                    + X.shape() + " (one label per column is needed)");
        }
        return new DataSet(X, oneHot(labels, classes), labels.clone(), classes, defaultNames(X.rows()));
    }

    /** A regression data set: features {@code X} ({@code n_features x N}) and targets {@code T} ({@code outputs x N}). */
    public static DataSet regression(Matrix X, Matrix T) {
        Objects.requireNonNull(X, "DataSet.regression: X is null");
        Objects.requireNonNull(T, "DataSet.regression: T is null");
        if (T.cols() != X.cols()) {
            throw new IllegalArgumentException("DataSet.regression: X is " + X.shape() + " but T is " + T.shape()
                    + " (both need one column per example)");
        }
        return new DataSet(X, T, null, 0, defaultNames(X.rows()));
    }

    /**
     * The one-hot encoding of {@code labels} ({@link Matrix#oneHot}), for a data set: at least 2 classes.
     */
    public static Matrix oneHot(int[] labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("DataSet.oneHot: classes = " + classes + "; at least 2 are needed");
        }
        return Matrix.oneHot(labels, classes);
    }

    private static List<String> defaultNames(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "x" + i).toList();
    }

    /** This data set with the given feature names (one per row of {@code X}), e.g. the columns of a CSV file. */
    public DataSet withFeatureNames(List<String> names) {
        if (names.size() != X.rows()) {
            throw new IllegalArgumentException("DataSet.withFeatureNames: " + names.size() + " names for "
                    + X.rows() + " features");
        }
        return new DataSet(X, T, labels, classes, List.copyOf(names));
    }

    /** This data set with its features replaced by {@code newX} (same number of examples), e.g. standardized. */
    public DataSet withFeatures(Matrix newX) {
        if (newX.cols() != X.cols()) {
            throw new IllegalArgumentException("DataSet.withFeatures: new X is " + newX.shape() + " but the data set has "
                    + X.cols() + " examples");
        }
        List<String> names = newX.rows() == X.rows() ? featureNames : defaultNames(newX.rows());
        return new DataSet(newX, T, labels, classes, names);
    }

    // ---------------------------------------------------------------- access

    /** The features, {@code n_features x N}: column {@code j} is example {@code j}. */
    public Matrix X() {
        return X;
    }

    /** The targets, one column per example: one-hot ({@code classes x N}) or regression values ({@code outputs x N}). */
    public Matrix T() {
        return T;
    }

    /** A copy of the labels, one per example (classification only). */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** Number of examples {@code N}. */
    public int size() {
        return X.cols();
    }

    /** Number of features {@code n_features} (rows of {@code X}). */
    public int features() {
        return X.rows();
    }

    /** Number of classes (classification only). */
    public int classes() {
        requireClassification("classes");
        return classes;
    }

    /** Number of target rows: the class count for classification, the output count for regression. */
    public int outputs() {
        return T.rows();
    }

    /** Whether this is a classification data set (has labels). */
    public boolean isClassification() {
        return labels != null;
    }

    /** The names of the features, one per row of {@code X} ({@code x1, x2, ...} unless set). */
    public List<String> featureNames() {
        return featureNames;
    }

    /** How many examples each class has (classification only): {@code counts[c]} for {@code c = 0..classes-1}. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private void requireClassification(String op) {
        if (labels == null) {
            throw new IllegalStateException("DataSet." + op + ": this is a regression data set (" + this
                    + "); it has no labels or classes");
        }
    }

    // ---------------------------------------------------------------- batches and splits

    /** The examples with the given indices, in that order (a batch): columns of {@code X} and {@code T}. */
    public DataSet batch(int[] indices) {
        Objects.requireNonNull(indices, "DataSet.batch: indices are null");
        if (indices.length == 0) {
            throw new IllegalArgumentException("DataSet.batch: no indices (a batch needs at least 1 example)");
        }
        for (int index : indices) {
            if (index < 0 || index >= size()) {
                throw new IndexOutOfBoundsException("DataSet.batch: example " + index + " is outside 0.." + (size() - 1));
            }
        }
        int[] subLabels = null;
        if (labels != null) {
            subLabels = new int[indices.length];
            for (int k = 0; k < indices.length; k++) {
                subLabels[k] = labels[indices[k]];
            }
        }
        return new DataSet(X.columns(indices), T.columns(indices), subLabels, classes, featureNames);
    }

    /**
     * One epoch's batch plan: the indices {@code 0..N-1} shuffled by {@code random} and cut into batches of
     * {@code batchSize}; the last batch holds the remainder and may be smaller. Every example appears exactly once.
     */
    public List<int[]> batches(int batchSize, Random random) {
        Objects.requireNonNull(random, "DataSet.batches: random is null");
        if (batchSize <= 0 || batchSize > size()) {
            throw new IllegalArgumentException("DataSet.batches: batch size " + batchSize + " must lie in 1.." + size()
                    + " (the number of examples)");
        }
        int[] order = shuffled(size(), random);
        List<int[]> plan = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            plan.add(Arrays.copyOfRange(order, start, Math.min(start + batchSize, order.length)));
        }
        return plan;
    }

    /**
     * A random split into a training part with {@code round(fraction * N)} examples and a validation part with the
     * rest; both must be non-empty. Standardize afterwards with {@link Split#standardize()}.
     */
    public Split split(double fraction, Random random) {
        Objects.requireNonNull(random, "DataSet.split: random is null");
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("DataSet.split: fraction = " + fraction + "; it must lie in (0, 1)");
        }
        int nTrain = (int) Math.round(fraction * size());
        if (nTrain == 0 || nTrain == size()) {
            throw new IllegalArgumentException("DataSet.split: fraction " + fraction + " of " + size()
                    + " examples leaves " + (nTrain == 0 ? "the training" : "the validation") + " part empty");
        }
        int[] order = shuffled(size(), random);
        return new Split(batch(Arrays.copyOfRange(order, 0, nTrain)),
                batch(Arrays.copyOfRange(order, nTrain, order.length)));
    }

    private static int[] shuffled(int n, Random random) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code DataSet(1797 examples, 64 features, 10 classes)} or {@code DataSet(200 examples, 1 feature, 1 output)}. */
    @Override
    public String toString() {
        return "DataSet(" + plural(size(), "example") + ", " + plural(features(), "feature") + ", "
                + (labels != null ? plural(classes, "class") : plural(outputs(), "output")) + ")";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
    }
}
