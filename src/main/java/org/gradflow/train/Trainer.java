package org.gradflow.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gradflow.data.DataSet;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Init;
import org.gradflow.nn.Loss;
import org.gradflow.nn.Network;
import org.gradflow.optim.Optimizer;
import org.gradflow.tensor.Matrix;

/**
 * The complete batch-SGD algorithm of the source text, step by step:
 * <ol>
 *   <li>initialise the weights (from the seed);</li>
 *   <li>for each of E epochs, shuffle the training examples and cut them into batches of B, drawn without
 *       replacement (the last batch may be smaller);</li>
 *   <li>for each batch: forward pass, backward pass (the delta recursion), gradients of the batch's mean loss,
 *       update;</li>
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

    /** Trains the given network in place (its parameter matrices are updated) and returns the history. */
    public History train(Network network, DataSet train, DataSet validation) {
        return fit(network, train, validation, new Random(seed));
    }

    /** A network and what training it did. */
    public record Run(Network network, History history) {
    }

    /** Like {@link #train(int[], Activation, Init, DataSet, DataSet)}, also returning the trained network. */
    public Run run(int[] sizes, Activation hidden, Init init, DataSet train, DataSet validation) {
        Objects.requireNonNull(train, "Trainer.run: training set is null");
        Random rnd = new Random(seed);
        Loss loss = train.isClassification() ? Loss.CROSS_ENTROPY : Loss.MSE;
        Network network = Network.random(sizes, hidden, init, rnd, loss);
        return new Run(network, fit(network, train, validation, rnd));
    }

    private History fit(Network net, DataSet train, DataSet validation, Random rnd) {
        Objects.requireNonNull(net, "Trainer.train: network is null");
        Objects.requireNonNull(train, "Trainer.train: training set is null");
        checkData("training", net, train);
        if (validation != null) {
            checkData("validation", net, validation);
        }
        int B = batchSize == Builder.FULL_BATCH ? train.size() : batchSize;
        if (B > train.size()) {
            throw new IllegalArgumentException("Trainer.train: batch size " + B + " is larger than the training set ("
                    + train.size() + " examples)");
        }
        if ((stopBelow > 0 || patience > 0) && validation == null) {
            throw new IllegalArgumentException("Trainer.train: a stopping rule on the validation loss is set but no "
                    + "validation set was given");
        }
        int R1 = net.layerCount();
        List<Optimizer> optimizers = new ArrayList<>();
        for (int k = 0; k < (updateRule == UpdateRule.SIMULTANEOUS ? 1 : R1); k++) {
            optimizers.add(Objects.requireNonNull(optimizer.get(), "Trainer: the optimizer supplier returned null"));
        }
        History history = new History(describe(B, optimizers.get(0)));
        Counter passes = new Counter();
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        List<Matrix> bestParams = null;
        int sinceBest = 0;
        int step = 0;

        for (int epoch = 1; epoch <= epochs; epoch++) {
            List<int[]> plan = train.batches(B, rnd);
            History.Epoch e;
            try {
                for (int[] indices : plan) {
                    DataSet batch = train.batch(indices);
                    Network.Gradients first = updateRule == UpdateRule.SIMULTANEOUS
                            ? updateAllLayers(net, optimizers.get(0), batch, passes)
                            : updateLayerByLayer(net, optimizers, batch, passes);
                    step++;
                    double[] norms = new double[R1];
                    for (int r = 1; r <= R1; r++) {
                        norms[r - 1] = first.dW(r).norm();
                    }
                    History.Step s = new History.Step(epoch, step, indices.length, first.loss(), norms,
                            passes.forward, passes.backward, seconds(start));
                    history.add(s);
                    listeners.forEach(l -> l.onStep(s));
                    if (!Double.isFinite(first.loss()) || !allFinite(net.parameters())) {
                        throw new ArithmeticException("step " + step + " left a non-finite loss or parameter");
                    }
                }
                Network.Evaluation onTrain = evaluate(net, train);
                Network.Evaluation onValidation = validation == null ? NO_VALIDATION : evaluate(net, validation);
                e = new History.Epoch(epoch, plan.size(), onTrain.loss(), onTrain.accuracy(), onValidation.loss(),
                        onValidation.accuracy(), passes.forward, passes.backward, seconds(start));
            } catch (ArithmeticException diverged) {
                // the curves end with a gap (NaN) at the epoch where training blew up
                History.Epoch last = new History.Epoch(epoch, plan.size(), Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, passes.forward, passes.backward, seconds(start));
                history.add(last);
                listeners.forEach(l -> l.onEpoch(last));
                history.stop(StopReason.DIVERGED, diverged.getMessage());
                return history;
            }
            history.add(e);
            listeners.forEach(l -> l.onEpoch(e));
            double valLoss = e.validationLoss();

            if (stopBelow > 0 && valLoss < stopBelow) {
                history.stop(StopReason.VALIDATION_BELOW_THRESHOLD);
                return history;
            }
            if (patience > 0) {
                if (valLoss < best) {
                    best = valLoss;
                    bestParams = copies(net.parameters());
                    sinceBest = 0;
                } else if (++sinceBest >= patience) {
                    restore(net.parameters(), bestParams);
                    history.stop(StopReason.NO_IMPROVEMENT);
                    return history;
                }
            }
        }
        history.stop(StopReason.EPOCHS_DONE);
        return history;
    }

    /** One forward and one backward pass, then every layer moves: the standard update. */
    private static Network.Gradients updateAllLayers(Network net, Optimizer opt, DataSet batch, Counter passes) {
        Network.Gradients[] first = new Network.Gradients[1];
        opt.step(net.parameters(), at -> {
            Network.Gradients g = passes.gradients(net, batch);
            if (first[0] == null) {
                first[0] = g;
            }
            return g.asList();
        });
        return first[0];
    }

    /**
     * The output layer first, then each layer below it, each with a gradient re-computed at the parameters as they
     * are after the layers above have moved ("chasing a moving target" the other way round).
     */
    private static Network.Gradients updateLayerByLayer(Network net, List<Optimizer> opts, DataSet batch,
                                                        Counter passes) {
        Network.Gradients[] first = new Network.Gradients[1];
        List<Matrix> params = net.parameters();
        for (int r = net.layerCount(); r >= 1; r--) {
            int layer = r;
            List<Matrix> Wb = List.of(params.get(2 * (r - 1)), params.get(2 * (r - 1) + 1));
            Function<List<Matrix>, List<Matrix>> gradientOfLayer = at -> {
                Network.Gradients g = passes.gradients(net, batch);
                if (first[0] == null) {
                    first[0] = g;
                }
                return List.of(g.dW(layer), g.db(layer));
            };
            opts.get(r - 1).step(Wb, gradientOfLayer);
        }
        return first[0];
    }

    /** Counts the forward and backward passes over training batches. */
    private static final class Counter {
        long forward;
        long backward;

        Network.Gradients gradients(Network net, DataSet batch) {
            Network.Trace trace = net.forward(batch.X());
            forward++;
            Network.Gradients g = net.backward(trace, batch.T());
            backward++;
            return g;
        }
    }

    private static final Network.Evaluation NO_VALIDATION = new Network.Evaluation(Double.NaN, Double.NaN);

    /** Loss and (for classification) accuracy on a whole data set, one forward pass. */
    private static Network.Evaluation evaluate(Network net, DataSet data) {
        return net.evaluate(data.X(), data.T(), data.isClassification() ? data.labels() : null);
    }

    private static void checkData(String which, Network net, DataSet data) {
        if (data.isClassification() != net.lossFunction().classifies()) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set is for "
                    + (data.isClassification() ? "classification" : "regression") + " but the network's output is "
                    + net.lossFunction() + "; use Loss." + (data.isClassification() ? "CROSS_ENTROPY" : "MSE"));
        }
        int[] sizes = net.sizes();
        if (data.features() != sizes[0]) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set has " + data.features()
                    + " features but the network's input layer has " + sizes[0]);
        }
        if (data.outputs() != sizes[sizes.length - 1]) {
            throw new IllegalArgumentException("Trainer.train: the " + which + " set has " + data.outputs()
                    + " outputs (classes) but the network's output layer has " + sizes[sizes.length - 1]);
        }
    }

    private static boolean allFinite(List<Matrix> params) {
        return params.stream().allMatch(Matrix::isFinite);
    }

    private static List<Matrix> copies(List<Matrix> params) {
        return params.stream().map(Matrix::copy).toList();
    }

    private static void restore(List<Matrix> params, List<Matrix> saved) {
        for (int k = 0; k < params.size(); k++) {
            params.get(k).setInPlace(saved.get(k));
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
