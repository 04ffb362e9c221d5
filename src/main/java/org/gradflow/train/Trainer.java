package org.gradflow.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.gradflow.data.DataSet;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Evaluation;
import org.gradflow.nn.Init;
import org.gradflow.nn.LossGradients;
import org.gradflow.nn.Loss;
import org.gradflow.nn.Model;
import org.gradflow.nn.Network;
import org.gradflow.nn.Sequential;
import org.gradflow.optim.Optimizer;
import org.gradflow.tensor.Matrix;

/**
 * The complete batch-SGD algorithm of the source text, step by step:
 * <ol>
 *   <li>initialise the weights (from the seed);</li>
 *   <li>for each of E epochs, shuffle the training examples and cut them into batches of B, drawn without
 *       replacement (the last batch may be smaller);</li>
 *   <li>for each batch: forward pass, backward pass (the delta recursion), gradients of the batch's mean loss,
 *       update: {@code grads = model.gradients(batch); optimizer.step(params, grads)} (Nesterov alone asks for the
 *       gradient again at its look-ahead point);</li>
 *   <li>after each epoch compute the training and validation loss, and stop when the validation loss falls
 *       below a threshold, or has not improved for a number of epochs (early stopping).</li>
 * </ol>
 * Full-batch gradient descent, single-example SGD and mini-batch SGD are this one loop with
 * {@code batchSize(N)}, {@code batchSize(1)} and anything in between.
 *
 * <p>One seed fixes initialisation (when the trainer builds the network), shuffling, and so every number of a run.
 * A fresh optimizer comes from the supplier for every run, so a trainer can be reused.
 *
 * <pre>{@code
 * History h = Trainer.builder().epochs(20).batchSize(32).optimizer(() -> new Momentum(0.1, 0.9)).seed(1)
 *         .build().train(new int[] {64, 32, 10}, Activation.RELU, Init.HE_NORMAL, split.train(), split.validation());
 * }</pre>
 */
public final class Trainer {

    private final int epochs;
    private final int batchSize;
    private final Supplier<Optimizer> optimizer;
    private final long seed;
    private final double stopBelow;
    private final int patience;
    private final UpdateRule updateRule;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.seed = b.seed;
        this.stopBelow = b.stopBelow;
        this.patience = b.patience;
        this.updateRule = b.updateRule;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder with 10 epochs, full batches, seed 0, simultaneous updates; an optimizer must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a network of the given layer sizes, initialised from the seed, and trains it.
     *
     * @return the history; the trained network is {@link Run#network()} of {@link #run}
     */
    public History train(int[] sizes, Activation hidden, Init init, DataSet train, DataSet validation) {
        return run(sizes, hidden, init, train, validation).history();
    }

    /**
     * Trains the given model in place (its parameter matrices are updated) and returns the history: a
     * {@link Network}, a {@link Sequential} of layers (with BatchNorm, own activations, own losses), or any other
     * {@link Model}.
     */
    public History train(Model model, DataSet train, DataSet validation) {
        return new Fit(model, train, validation, new Random(seed)).run();
    }

    /** A network and what training it did. */
    public record Run(Network network, History history) {
    }

    /** Like {@link #train(int[], Activation, Init, DataSet, DataSet)}, also returning the trained network. */
    public Run run(int[] sizes, Activation hidden, Init init, DataSet train, DataSet validation) {
        Objects.requireNonNull(train, "Trainer.run: training set is null");
        return run(sizes, hidden, init, train.isClassification() ? Loss.CROSS_ENTROPY : Loss.MSE, train, validation);
    }

    /** As {@link #run(int[], Activation, Init, DataSet, DataSet)} with the given output and loss (e.g. a learner's own). */
    public Run run(int[] sizes, Activation hidden, Init init, Loss loss, DataSet train, DataSet validation) {
        Objects.requireNonNull(train, "Trainer.run: training set is null");
        Random rnd = new Random(seed);
        Network network = Network.random(sizes, hidden, init, rnd, loss);
        return new Run(network, new Fit(network, train, validation, rnd).run());
    }

    /** One training run: its settings checked once, its state, and the loop cut into steps, epochs and stopping. */
    private final class Fit {
        private final Model model;
        private final DataSet train;
        private final DataSet validation;
        private final Random rnd;
        private final int B;
        private final List<Optimizer> optimizers = new ArrayList<>();
        private final History history;
        private long forwardPasses;
        private long backwardPasses;
        private final long start = System.nanoTime();
        private int step;
        private double best = Double.POSITIVE_INFINITY;
        private List<Matrix> bestParams;
        private int sinceBest;

        Fit(Model model, DataSet train, DataSet validation, Random rnd) {
            this.model = Objects.requireNonNull(model, "Trainer.train: model is null");
            this.train = Objects.requireNonNull(train, "Trainer.train: training set is null");
            this.validation = validation;
            this.rnd = rnd;
            checkData("training", model, train);
            if (validation != null) {
                checkData("validation", model, validation);
            }
            this.B = batchSize == Builder.FULL_BATCH ? train.size() : batchSize;
            if (B > train.size()) {
                throw new IllegalArgumentException("Trainer.train: batch size " + B + " is larger than the training set ("
                        + train.size() + " examples)");
            }
            if ((stopBelow > 0 || patience > 0) && validation == null) {
                throw new IllegalArgumentException("Trainer.train: a stopping rule on the validation loss is set but"
                        + " no validation set was given");
            }
            int count = updateRule == UpdateRule.SIMULTANEOUS ? 1 : model.parameterGroups().size();
            for (int k = 0; k < count; k++) {
                optimizers.add(Objects.requireNonNull(optimizer.get(), "Trainer: the optimizer supplier returned null"));
            }
            List<String> normNames = new ArrayList<>();
            for (int[] group : model.parameterGroups()) {
                normNames.add("|d" + model.parameterNames().get(group[0]) + "|");
            }
            this.history = new History(describe(B, optimizers.get(0)), normNames);
        }

        /** Epoch after epoch until the epochs are done, a stopping rule fires or training diverges. */
        History run() {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                StopReason stop = epoch(epoch);
                if (stop != null) {
                    return history;
                }
            }
            history.stop(StopReason.EPOCHS_DONE);
            return history;
        }

        /** One pass over the shuffled training set, then the evaluation; the reason to stop, or null to go on. */
        private StopReason epoch(int epoch) {
            long epochStart = System.nanoTime();
            List<int[]> plan = train.batches(B, rnd);
            History.Epoch e;
            try {
                for (int[] indices : plan) {
                    batchStep(epoch, indices);
                }
                Evaluation onTrain = evaluate(train);
                Evaluation onValidation = validation == null ? NO_VALIDATION : evaluate(validation);
                e = new History.Epoch(epoch, plan.size(), onTrain.loss(), onTrain.accuracy(), onValidation.loss(),
                        onValidation.accuracy(), forwardPasses, backwardPasses, seconds(epochStart), seconds(start));
            } catch (ArithmeticException diverged) {
                // the curves end with a gap (NaN) at the epoch where training blew up
                History.Epoch last = new History.Epoch(epoch, plan.size(), Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, forwardPasses, backwardPasses, seconds(epochStart), seconds(start));
                history.add(last);
                listeners.forEach(l -> l.onEpoch(last));
                history.stop(StopReason.DIVERGED, diverged.getMessage());
                return StopReason.DIVERGED;
            }
            history.add(e);
            listeners.forEach(l -> l.onEpoch(e));
            return stoppingRule(e.validationLoss());
        }

        /** Stop below the threshold, or after {@code patience} epochs without improvement (best parameters back). */
        private StopReason stoppingRule(double valLoss) {
            if (stopBelow > 0 && valLoss < stopBelow) {
                history.stop(StopReason.VALIDATION_BELOW_THRESHOLD);
                return StopReason.VALIDATION_BELOW_THRESHOLD;
            }
            if (patience > 0) {
                if (valLoss < best) {
                    best = valLoss;
                    bestParams = model.parameters().stream().map(Matrix::copy).toList();
                    sinceBest = 0;
                } else if (++sinceBest >= patience) {
                    for (int k = 0; k < bestParams.size(); k++) {
                        model.parameters().get(k).setInPlace(bestParams.get(k));
                    }
                    history.stop(StopReason.NO_IMPROVEMENT);
                    return StopReason.NO_IMPROVEMENT;
                }
            }
            return null;
        }

        /** One update on one batch, recorded as a step. */
        private void batchStep(int epoch, int[] indices) {
            DataSet batch = train.batch(indices);
            LossGradients first = updateRule == UpdateRule.SIMULTANEOUS
                    ? update(optimizers.get(0), allIndices(), batch)
                    : updateLayerByLayer(batch);
            step++;
            List<Matrix> grads = first.asList();
            double[] norms = model.parameterGroups().stream().mapToDouble(g -> grads.get(g[0]).norm()).toArray();
            History.Step s = new History.Step(epoch, step, indices.length, first.loss(), norms, forwardPasses,
                    backwardPasses, seconds(start));
            history.add(s);
            listeners.forEach(l -> l.onStep(s));
            if (!Double.isFinite(first.loss()) || !model.parameters().stream().allMatch(Matrix::isFinite)) {
                throw new ArithmeticException("step " + step + " left a non-finite loss or parameter");
            }
        }

        /**
         * The output layer's parameters first, then each layer's below it, each with a gradient re-computed after
         * the layers above have moved ("chasing a moving target" the other way round).
         */
        private LossGradients updateLayerByLayer(DataSet batch) {
            List<int[]> groups = model.parameterGroups();
            LossGradients first = null;
            for (int g = groups.size() - 1; g >= 0; g--) {
                LossGradients gradients = update(optimizers.get(g), groups.get(g), batch);
                first = first == null ? gradients : first;
            }
            return first;
        }

        /**
         * One optimizer step on the parameters at {@code indices}: {@code grads = model.gradients(batch);
         * optimizer.step(params, grads)}; only an optimizer that needs the gradient at a look-ahead point (Nesterov)
         * gets a function that recomputes it there. Returns the first gradients computed.
         */
        private LossGradients update(Optimizer opt, int[] indices, DataSet batch) {
            List<Matrix> params = pick(model.parameters(), indices);
            if (!opt.needsGradientElsewhere()) {
                LossGradients grads = gradients(batch);
                opt.step(params, pick(grads.asList(), indices));
                return grads;
            }
            LossGradients[] first = new LossGradients[1];
            opt.step(params, lookAhead -> {
                LossGradients grads = gradients(batch);
                first[0] = first[0] == null ? grads : first[0];
                return pick(grads.asList(), indices);
            });
            return first[0];
        }

        private LossGradients gradients(DataSet batch) {
            LossGradients g = model.gradients(batch.X(), batch.T());
            forwardPasses++;
            backwardPasses++;
            return g;
        }

        private int[] allIndices() {
            return java.util.stream.IntStream.range(0, model.parameters().size()).toArray();
        }

        /** Loss and (for classification) accuracy on a whole data set, one inference-mode forward pass. */
        private Evaluation evaluate(DataSet data) {
            return model.evaluate(data.X(), data.T(), data.isClassification() ? data.labels() : null);
        }
    }

    private static List<Matrix> pick(List<Matrix> all, int[] indices) {
        List<Matrix> out = new ArrayList<>(indices.length);
        for (int k : indices) {
            out.add(all.get(k));
        }
        return out;
    }

    private static final Evaluation NO_VALIDATION = new Evaluation(Double.NaN, Double.NaN);

    private static void checkData(String which, Model net, DataSet data) {
        if (data.isClassification() != net.lossFunction().classifies()) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set is for "
                    + (data.isClassification() ? "classification" : "regression") + " but the network's output is "
                    + net.lossFunction() + "; use a " + (data.isClassification() ? "classifier's loss (Loss.CROSS_ENTROPY)"
                    : "regression loss (Loss.MSE or your own)"));
        }
        if (net.inputSize() >= 0 && data.features() != net.inputSize()) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set has " + data.features()
                    + " features but the network's input layer has " + net.inputSize());
        }
        if (net.outputSize() >= 0 && data.outputs() != net.outputSize()) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set has " + data.outputs()
                    + " outputs (classes) but the network's output layer has " + net.outputSize());
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private String describe(int B, Optimizer opt) {
        return "batch " + B + ", " + opt + ", " + updateRule.name().toLowerCase().replace('_', '-') + " updates, seed "
                + seed;
    }

    /** The settings, e.g. {@code Trainer(20 epochs, batch 32, simultaneous, seed 1)}. */
    @Override
    public String toString() {
        return "Trainer(" + epochs + " epochs, batch " + (batchSize == Builder.FULL_BATCH ? "full" : batchSize) + ", "
                + updateRule.name().toLowerCase().replace('_', '-') + ", seed " + seed
                + (stopBelow > 0 ? ", stop below " + stopBelow : "")
                + (patience > 0 ? ", patience " + patience : "") + ")";
    }

    /** Settings for a {@link Trainer}; every setter checks its value at once. */
    public static final class Builder {
        static final int FULL_BATCH = -1;

        private int epochs = 10;
        private int batchSize = FULL_BATCH;
        private Supplier<Optimizer> optimizer;
        private long seed;
        private double stopBelow;
        private int patience;
        private UpdateRule updateRule = UpdateRule.SIMULTANEOUS;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The number of passes over the training data, at least 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer.epochs: " + epochs + "; at least 1 epoch is needed");
            }
            this.epochs = epochs;
            return this;
        }

        /** Examples per batch: 1 is SGD, the training-set size is full-batch gradient descent. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Trainer.batchSize: " + batchSize
                        + "; a batch needs at least 1 example");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Every example in one batch: full-batch gradient descent (the default). */
        public Builder fullBatch() {
            this.batchSize = FULL_BATCH;
            return this;
        }

        /** Where a fresh optimizer comes from for each run (and, layer by layer, for each layer). */
        public Builder optimizer(Supplier<Optimizer> optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "Trainer.optimizer: supplier is null");
            return this;
        }

        /** The seed of initialisation and shuffling. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Stop after the first epoch whose validation loss is below {@code threshold} (positive). */
        public Builder stopBelow(double threshold) {
            if (!(threshold > 0) || !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("Trainer.stopBelow: threshold " + threshold
                        + " must be finite and positive");
            }
            this.stopBelow = threshold;
            return this;
        }

        /**
         * Stop when the validation loss has not improved for {@code patience} epochs, and put back the parameters
         * of the best epoch.
         */
        public Builder earlyStopping(int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("Trainer.earlyStopping: patience " + patience
                        + " must be at least 1 epoch");
            }
            this.patience = patience;
            return this;
        }

        /** Simultaneous (the standard) or layer-by-layer updates. */
        public Builder updates(UpdateRule rule) {
            this.updateRule = Objects.requireNonNull(rule, "Trainer.updates: rule is null");
            return this;
        }

        /** Adds a listener told of every step and epoch. */
        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "Trainer.listener: listener is null"));
            return this;
        }

        /** The trainer; an optimizer must have been set. */
        public Trainer build() {
            if (optimizer == null) {
                throw new IllegalStateException("Trainer.build: no optimizer; call optimizer(() -> new GradientDescent(0.1))"
                        + " or another");
            }
            return new Trainer(this);
        }
    }
}
