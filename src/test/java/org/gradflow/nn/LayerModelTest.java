package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gradflow.check.GradCheckReport;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The layer model (Layer, Dense, ActivationLayer, BatchNorm, Sequential) against the lessons' Network, finite
 * differences and hand-written code; a learner's own activation and loss in both.
 */
class LayerModelTest {

    /** softplus(a) = log(1 + e^a), softplus'(a) = sigmoid(a): a learner's own activation. */
    static final Activation SOFTPLUS = Activation.of("softplus", a -> Math.log1p(Math.exp(a)),
            a -> 1 / (1 + Math.exp(-a)));

    /** Huber loss with threshold 1 on the identity output: a learner's own loss. */
    static final Loss HUBER = Loss.elementwise("huber",
            (y, t) -> Math.abs(y - t) <= 1 ? 0.5 * (y - t) * (y - t) : Math.abs(y - t) - 0.5,
            (y, t) -> Math.max(-1, Math.min(1, y - t)));

    private static Matrix gaussian(int rows, int cols, Random rnd) {
        return Matrix.build(rows, cols, (i, j) -> rnd.nextGaussian());
    }

    private static Matrix targets(Loss loss, int rows, int cols, Random rnd) {
        if (!loss.classifies()) {
            return gaussian(rows, cols, rnd).scale(2);
        }
        int[] labels = new int[cols];
        for (int m = 0; m < cols; m++) {
            labels[m] = rnd.nextInt(rows);
        }
        return Matrix.oneHot(labels, rows);
    }

    /** The same weights as a Sequential of Dense layers: hidden layers with f, the last with the identity. */
    private static Sequential asSequential(Network net) {
        List<Layer> layers = new ArrayList<>();
        for (int r = 1; r <= net.layerCount(); r++) {
            Dense d = net.layer(r);
            layers.add(new Dense(d.W(), d.b(), r < net.layerCount() ? net.hidden() : Activation.IDENTITY));
        }
        return Sequential.of(net.lossFunction(), layers);
    }

    @Test
    void sequentialOfDenseLayersAgreesWithTheLessonsNetworkTo1e12OnRandomNetworks() {
        Random rnd = new Random(42);
        List<Activation> activations = new ArrayList<>(Activation.builtIns());
        activations.add(SOFTPLUS);
        activations.add(Activation.leakyRelu(0.2));
        List<Loss> losses = List.of(Loss.CROSS_ENTROPY, Loss.MSE, HUBER);
        for (int trial = 0; trial < 30; trial++) {
            int depth = 2 + rnd.nextInt(3);
            int[] sizes = new int[depth + 1];
            for (int r = 0; r <= depth; r++) {
                sizes[r] = 1 + rnd.nextInt(6);
            }
            Activation f = activations.get(rnd.nextInt(activations.size()));
            Loss loss = losses.get(rnd.nextInt(losses.size()));
            Network net = Network.random(sizes, f, Init.XAVIER_NORMAL, rnd, loss);
            for (Matrix b : net.parameters()) {
                if (b.cols() == 1) {
                    b.setInPlace(gaussian(b.rows(), 1, rnd).scale(0.3));
                }
            }
            Sequential seq = asSequential(net);
            int B = 1 + rnd.nextInt(7);
            Matrix X = gaussian(sizes[0], B, rnd);
            Matrix T = targets(loss, sizes[depth], B, rnd);
            String what = "trial " + trial + ": " + net;

            Network.Gradients expected = net.gradients(X, T);
            LossGradients actual = seq.gradients(X, T);
            assertEquals(expected.loss(), actual.loss(), 1e-12, what);
            assertEquals(seq.parameterNames(), net.parameterNames(), what);
            for (int k = 0; k < expected.asList().size(); k++) {
                assertTrue(expected.asList().get(k).approxEquals(actual.asList().get(k), 1e-12),
                        what + ", " + net.parameterNames().get(k));
            }
            assertTrue(net.output(X).approxEquals(seq.output(X), 1e-12), what);
        }
    }

    @Test
    void ownSoftplusActivationAndHuberLossPassTheGradientCheckInNetworkAndSequential() {
        Random rnd = new Random(7);
        Network net = Network.random(new int[] {3, 5, 4, 2}, SOFTPLUS, Init.XAVIER_NORMAL, rnd, HUBER);
        Matrix X = gaussian(3, 6, rnd);
        Matrix T = targets(HUBER, 2, 6, rnd).scale(3); // some residuals beyond the Huber threshold
        GradCheckReport report = net.gradCheck(X, T).check();
        assertTrue(report.passed(), report.toString());
        GradCheckReport layered = asSequential(net).gradCheck(X, T).check();
        assertTrue(layered.passed(), layered.toString());
        assertEquals("Network(3 -> 5 softplus -> 4 softplus -> 2 identity + huber, 54 parameters)", net.toString());
    }

    @Test
    void ownActivationAndLossAgreeWithHandWrittenCodeForOneHiddenLayer() {
        Random rnd = new Random(11);
        Network net = Network.random(new int[] {2, 3, 1}, SOFTPLUS, Init.XAVIER_NORMAL, rnd, HUBER);
        Matrix X = gaussian(2, 4, rnd);
        Matrix T = gaussian(1, 4, rnd).scale(3);
        Network.Gradients g = net.gradients(X, T);

        // By hand, example by example: a = W1 x + b1, z = softplus(a), y = W2 z + b2,
        // L = mean huber(y - t), dL/dy = clip(y - t, -1, 1) / B, dL/da = sigmoid(a) o W2^T dL/dy.
        double[][] W1 = net.layer(1).W().toArray();
        double[][] W2 = net.layer(2).W().toArray();
        double[] b1 = {net.layer(1).b().get(0, 0), net.layer(1).b().get(1, 0), net.layer(1).b().get(2, 0)};
        double b2 = net.layer(2).b().get(0, 0);
        double[][] dW1 = new double[3][2];
        double[] dW2 = new double[3];
        double loss = 0;
        int B = 4;
        for (int m = 0; m < B; m++) {
            double[] a = new double[3];
            double[] z = new double[3];
            double y = b2;
            for (int j = 0; j < 3; j++) {
                a[j] = W1[j][0] * X.get(0, m) + W1[j][1] * X.get(1, m) + b1[j];
                z[j] = Math.log1p(Math.exp(a[j]));
                y += W2[0][j] * z[j];
            }
            double r = y - T.get(0, m);
            loss += (Math.abs(r) <= 1 ? 0.5 * r * r : Math.abs(r) - 0.5) / B;
            double dy = Math.max(-1, Math.min(1, r)) / B;
            for (int j = 0; j < 3; j++) {
                dW2[j] += dy * z[j];
                double da = dy * W2[0][j] / (1 + Math.exp(-a[j]));
                dW1[j][0] += da * X.get(0, m);
                dW1[j][1] += da * X.get(1, m);
            }
        }
        assertEquals(loss, g.loss(), 1e-12);
        assertTrue(g.dW(1).approxEquals(Matrix.of(dW1), 1e-12), g.dW(1) + " vs by hand");
        assertTrue(g.dW(2).approxEquals(Matrix.of(new double[][] {dW2}), 1e-12), g.dW(2) + " vs by hand");
    }

    @Test
    void anActivationWrittenAsAnAnonymousClassWorksWhereABuiltInDoes() {
        Activation cube = new Activation() {
            @Override
            public double apply(double a) {
                return a * a * a;
            }

            @Override
            public double derivative(double a) {
                return 3 * a * a;
            }
        };
        Random rnd = new Random(5);
        Network net = Network.random(new int[] {2, 3, 2}, cube, Init.XAVIER_NORMAL, rnd);
        Matrix X = gaussian(2, 3, rnd);
        assertTrue(net.gradCheck(X, targets(Loss.CROSS_ENTROPY, 2, 3, rnd)).check().passed());
    }

    @Test
    void leakyReluTakesItsSlopeAsAParameter() {
        Activation leaky = Activation.leakyRelu(0.2);
        assertEquals(-0.4, leaky.apply(-2), 1e-15);
        assertEquals(0.2, leaky.derivative(-2), 0.0);
        assertEquals(1.0, leaky.derivative(3), 0.0);
        assertEquals("leaky_relu(0.2)", leaky.toString());
        assertEquals("leaky_relu", Activation.LEAKY_RELU.toString());
        assertEquals(-0.02, Activation.LEAKY_RELU.apply(-2), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(-1));
        assertTrue(e.getMessage().contains("slope -1.0"), e.getMessage());
    }

    @Test
    void aBatchNormLayerPassesTheGradientCheckWithoutMovingItsRunningAverages() {
        Random rnd = new Random(13);
        BatchNorm bn = BatchNorm.of(gaussian(4, 1, rnd).plus(1.5), gaussian(4, 1, rnd), 1e-5);
        Sequential model = Sequential.of(Loss.CROSS_ENTROPY,
                Dense.random(3, 4, Activation.IDENTITY, Init.XAVIER_NORMAL, rnd), bn,
                new ActivationLayer(Activation.TANH), Dense.random(4, 3, Activation.IDENTITY, Init.XAVIER_NORMAL, rnd));
        assertEquals(List.of("W(1)", "b(1)", "gamma(2)", "beta(2)", "W(4)", "b(4)"), model.parameterNames());
        Matrix X = gaussian(3, 8, rnd);
        Matrix T = targets(Loss.CROSS_ENTROPY, 3, 8, rnd);
        Matrix mean = bn.runningMean().copy();
        Matrix var = bn.runningVar().copy();
        GradCheckReport report = model.gradCheck(X, T).check();
        assertTrue(report.passed(), report.toString());
        assertEquals(mean, bn.runningMean(), "the check must not move the running mean");
        assertEquals(var, bn.runningVar(), "the check must not move the running variance");
        assertEquals(0, bn.batchesSeen());

        model.gradients(X, T);
        assertEquals(1, bn.batchesSeen(), "a training pass moves the running averages");
        assertTrue(!mean.equals(bn.runningMean()));
    }

    @Test
    void sequentialInferenceUsesRunningAveragesAndCheckingUsesTheBatch() {
        Random rnd = new Random(17);
        BatchNorm bn = BatchNorm.ofFeatures(2, 1e-5);
        Sequential model = Sequential.of(Loss.MSE, bn);
        Matrix X = gaussian(2, 5, rnd).plus(3);
        // fresh running averages are mean 0, variance 1: inference is (x - 0) / sqrt(1 + eps)
        assertTrue(model.output(X).approxEquals(X.scale(1 / Math.sqrt(1 + 1e-5)), 1e-12));
        // checking mode normalises with the batch's own statistics: every row has mean 0
        Matrix checked = model.forward(X, Mode.CHECKING);
        assertTrue(checked.rowSums().approxEquals(Matrix.zeros(2, 1), 1e-12));
        assertEquals(0, bn.batchesSeen());
    }

    @Test
    void aLayersGradientOfTheWrongShapeIsNamed() {
        Layer broken = new Layer() {
            private final Matrix w = Matrix.zeros(2, 2);

            @Override
            public Matrix forward(Matrix X, Mode mode) {
                return X;
            }

            @Override
            public Backward backward(Matrix dOut) {
                return new Gradient(dOut, List.of(Matrix.zeros(1, 2)));
            }

            @Override
            public List<Matrix> parameters() {
                return List.of(w);
            }

            @Override
            public List<String> parameterNames() {
                return List.of("w");
            }
        };
        Sequential model = Sequential.of(Loss.MSE, broken);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.gradients(Matrix.zeros(2, 3), Matrix.zeros(2, 3)));
        assertTrue(e.getMessage().contains("w(1)") && e.getMessage().contains("2 x 2"), e.getMessage());
    }
}
