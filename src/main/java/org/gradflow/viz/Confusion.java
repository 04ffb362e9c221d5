package org.gradflow.viz;

import java.util.List;
import java.util.Objects;

/** Counting a confusion matrix from labels, shared by {@link Charts#confusion} and {@link Tables#confusion}. */
public final class Confusion {

    private Confusion() {
    }

    /**
     * {@code counts[t][p]} = number of examples i with {@code actual[i] == t} and {@code predicted[i] == p},
     * for classes 0 .. classes-1.
     */
    public static int[][] count(int[] actual, int[] predicted, int classes) {
        Objects.requireNonNull(actual, "Confusion.count: actual is null");
        Objects.requireNonNull(predicted, "Confusion.count: predicted is null");
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("Confusion.count: " + actual.length + " actual labels but "
                    + predicted.length + " predicted labels");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("Confusion.count: classes must be >= 1, got " + classes);
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("Confusion.count: example " + i + " has actual " + actual[i]
                        + " and predicted " + predicted[i] + ", but classes are 0.." + (classes - 1));
            }
            counts[actual[i]][predicted[i]]++;
        }
        return counts;
    }

    /** Counts form a square matrix of non-negative numbers with one label per class. */
    static void check(String operation, int[][] counts, List<String> labels) {
        Objects.requireNonNull(counts, operation + ": counts are null");
        Objects.requireNonNull(labels, operation + ": labels are null");
        if (counts.length == 0 || counts.length != labels.size()) {
            throw new IllegalArgumentException(operation + ": " + counts.length + " rows of counts for "
                    + labels.size() + " labels " + labels);
        }
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] == null || counts[t].length != counts.length) {
                throw new IllegalArgumentException(operation + ": counts must be " + counts.length + " x "
                        + counts.length + ", but row " + t + " has " + (counts[t] == null ? 0 : counts[t].length)
                        + " entries");
            }
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException(operation + ": counts[" + t + "][" + p + "] = "
                            + counts[t][p] + " is negative");
                }
            }
        }
    }
}
