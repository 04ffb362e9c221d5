package org.gradflow.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a training run did: one {@link Step} per parameter update and one {@link Epoch} per pass over the
 * training data, and why it stopped. Lessons draw loss curves from it; {@code org.gradflow.viz.Tables.of(history)}
 * and {@code Tables.steps(history)} give the same numbers as tables.
 */
public final class History {

    /**
     * One parameter update.
     *
     * @param epoch          the epoch, counted from 1
     * @param step           the update, counted from 1 over the whole run
     * @param batchSize      the number of examples in this batch
     * @param loss           the mean loss of the batch where its gradient was computed (for Nesterov: the
     *                       look-ahead point; layer by layer: before the first layer moved)
     * @param gradientNorms  the Frobenius norm of the gradient of each layer's first parameter, input side first:
     *                       {@code dL/dW(r)} for r = 1..R+1 (index r-1) in a {@code Network}; named by
     *                       {@link History#gradientNormNames()}
     * @param forwardPasses  forward passes over a training batch so far (gradient computations only)
     * @param backwardPasses backward passes so far
     * @param elapsedSeconds wall time since training started
     */
    public record Step(int epoch, int step, int batchSize, double loss, double[] gradientNorms,
                       long forwardPasses, long backwardPasses, double elapsedSeconds) {

        /** Copies the norms. */
        public Step {
            gradientNorms = gradientNorms.clone();
        }

        /** A copy of the per-layer gradient norms. */
        @Override
        public double[] gradientNorms() {
            return gradientNorms.clone();
        }
    }

    /**
     * One pass over the training data, measured at its end.
     *
     * @param epoch              counted from 1
     * @param steps              updates in this epoch
     * @param trainLoss          mean loss over the whole training set
     * @param trainAccuracy      fraction of training examples classified right (NaN for regression)
     * @param validationLoss     mean loss over the validation set (NaN without one)
     * @param validationAccuracy fraction of validation examples classified right (NaN without one or for regression)
     * @param forwardPasses      forward passes over training batches so far
     * @param backwardPasses     backward passes so far
     * @param epochSeconds       wall time of this epoch alone (its steps and its evaluation)
     * @param elapsedSeconds     wall time since training started, at the end of this epoch
     */
    public record Epoch(int epoch, int steps, double trainLoss, double trainAccuracy, double validationLoss,
                        double validationAccuracy, long forwardPasses, long backwardPasses, double epochSeconds,
                        double elapsedSeconds) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Epoch> epochs = new ArrayList<>();
    private final String description;
    private final List<String> gradientNormNames;
    private StopReason stopReason;
    private String stopDetail = "";

    History(String description, List<String> gradientNormNames) {
        this.description = Objects.requireNonNull(description);
        this.gradientNormNames = List.copyOf(gradientNormNames);
    }

    /** The names of the entries of {@link Step#gradientNorms()}, e.g. {@code [|dW(1)|, |dW(2)|]}. */
    public List<String> gradientNormNames() {
        return gradientNormNames;
    }

    void add(Step step) {
        steps.add(step);
    }

    void add(Epoch epoch) {
        epochs.add(epoch);
    }

    void stop(StopReason reason) {
        stopReason = reason;
    }

    void stop(StopReason reason, String detail) {
        stopReason = reason;
        stopDetail = detail == null ? "" : detail;
    }

    /** What happened when training stopped early for a reason that has one (the overflow, for {@code DIVERGED}). */
    public String stopDetail() {
        return stopDetail;
    }

    /** Every update, in order. */
    public List<Step> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Every epoch, in order. */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The last epoch. */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch has finished yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** Why training stopped. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The settings of the run, e.g. {@code batch 32, Adam(...), simultaneous, seed 1}. */
    public String description() {
        return description;
    }

    /** The epoch numbers, 1, 2, ..., as doubles for charts. */
    public double[] epochNumbers() {
        return epochs.stream().mapToDouble(Epoch::epoch).toArray();
    }

    /** Training loss at the end of each epoch. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(Epoch::trainLoss).toArray();
    }

    /** Validation loss at the end of each epoch. */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(Epoch::validationLoss).toArray();
    }

    /** Training accuracy at the end of each epoch (NaN for regression). */
    public double[] trainAccuracy() {
        return epochs.stream().mapToDouble(Epoch::trainAccuracy).toArray();
    }

    /** Validation accuracy at the end of each epoch. */
    public double[] validationAccuracy() {
        return epochs.stream().mapToDouble(Epoch::validationAccuracy).toArray();
    }

    /** The wall time of each epoch alone, in seconds (not cumulative; see {@link #elapsedSeconds()}). */
    public double[] epochSeconds() {
        return epochs.stream().mapToDouble(Epoch::epochSeconds).toArray();
    }

    /** The wall time since training started at the end of each epoch, in seconds (for loss-against-time charts). */
    public double[] elapsedSeconds() {
        return epochs.stream().mapToDouble(Epoch::elapsedSeconds).toArray();
    }

    /** Batch loss of every step. */
    public double[] stepLoss() {
        return steps.stream().mapToDouble(Step::loss).toArray();
    }

    /** A one-line summary: settings, epochs, final losses, stop reason. */
    @Override
    public String toString() {
        if (epochs.isEmpty()) {
            return "History(" + description + ", no epochs)";
        }
        Epoch e = last();
        return String.format("History(%s: %d epochs, %d steps, train loss %.4g, validation loss %.4g, "
                        + "validation accuracy %.3f, %d forward + %d backward passes, %.2f s; %s)",
                description, epochs.size(), steps.size(), e.trainLoss(), e.validationLoss(), e.validationAccuracy(),
                e.forwardPasses(), e.backwardPasses(), e.elapsedSeconds(),
                stopReason == null ? "running" : stopReason.meaning() + (stopDetail.isEmpty() ? "" : " (" + stopDetail + ")"));
    }
}
