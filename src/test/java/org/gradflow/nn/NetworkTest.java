package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkTest {

    static java.util.List<Loss> losses() {
        return Loss.builtIns();
    }

    static java.util.List<Activation> activations() {
        return Activation.builtIns();
    }

    private static Matrix randomMatrix(int rows, int cols, Random rnd) {
        return Matrix.build(rows, cols, (i, j) -> rnd.nextGaussian());
    }

    /** Random targets of the kind the loss accepts: one-hot columns, or any numbers for regression. */
    static Matrix randomTargets(Loss loss, int classes, int B, Random rnd) {
        if (loss == Loss.MSE) {
            return randomMatrix(classes, B, rnd);
        }
        int[] labels = new int[B];
        for (int m = 0; m < B; m++) {
            labels[m] = rnd.nextInt(classes);
        }
        return Network.oneHot(labels, classes);
    }

    /** A 3-4-5-3 network with nonzero biases, so that every dW and db is exercised. */
    private static Network smallNetwork(Activation hidden, Loss loss, Random rnd) {
        Network net = Network.random(new int[] {3, 4, 5, 3}, hidden, Init.XAVIER_NORMAL, rnd, loss);
        for (int r = 1; r <= net.layerCount(); r++) {
            net.layer(r).b().setInPlace(randomMatrix(net.layer(r).outputSize(), 1, rnd).scale(0.3));
        }
        return net;
    }

    // ---------------------------------------------------------------- forward

    @Test
    void forwardFollowsTheLayerEquations() {
        Matrix W1 = Matrix.of(new double[][] {{1, -1}, {0.5, 2}});
        Matrix b1 = Matrix.column(0.1, -3);
        Matrix W2 = Matrix.of(new double[][] {{1, 1}, {-1, 0}});
        Matrix b2 = Matrix.column(0, 0.5);
        Network net = Network.of(List.of(W1, W2), List.of(b1, b2), Activation.RELU);
        Matrix X = Matrix.column(2, 1);
        Network.Trace trace = net.forward(X);
        // A(1) = W(1) x + b(1) = (2 - 1 + 0.1, 1 + 2 - 3) = (1.1, 0); Z(1) = relu = (1.1, 0)
        assertTrue(trace.A(1).approxEquals(Matrix.column(1.1, 0), 1e-15));
        assertTrue(trace.Z(1).approxEquals(Matrix.column(1.1, 0), 1e-15));
        // A(2) = (1.1, -1.1 + 0.5) = (1.1, -0.6); Y = softmax
        assertTrue(trace.A(2).approxEquals(Matrix.column(1.1, -0.6), 1e-15));
        double e = Math.exp(1.1 - -0.6);
        assertTrue(trace.Y().approxEquals(Matrix.column(e / (1 + e), 1 / (1 + e)), 1e-15));
        assertSame(X, trace.Z(0));
        assertSame(X, trace.X());
        assertEquals(2, trace.layerCount());
        assertThrows(IndexOutOfBoundsException.class, () -> trace.Z(2));
        assertThrows(IndexOutOfBoundsException.class, () -> trace.A(0));
    }

    @Test
    void regressionNetworkOutputsTheLogits() {
        Network net = Network.random(new int[] {2, 3, 2}, Activation.TANH, Init.XAVIER_UNIFORM, new Random(1), Loss.MSE);
        Network.Trace trace = net.forward(Matrix.of(new double[][] {{1, 2}, {3, -1}}));
        assertSame(trace.A(2), trace.Y());
    }

    // ---------------------------------------------------------------- backward against finite differences

    @ParameterizedTest
    @MethodSource("activations")
    void everyGradientMatchesFiniteDifferencesWithCrossEntropy(Activation hidden) {
        checkAgainstFiniteDifferences(hidden, Loss.CROSS_ENTROPY, 11);
    }

    @ParameterizedTest
    @MethodSource("activations")
    void everyGradientMatchesFiniteDifferencesWithSquaredError(Activation hidden) {
        checkAgainstFiniteDifferences(hidden, Loss.MSE, 12);
    }

    private static void checkAgainstFiniteDifferences(Activation hidden, Loss loss, long seed) {
        Random rnd = new Random(seed);
        Network net = smallNetwork(hidden, loss, rnd);
        Matrix X = randomMatrix(3, 6, rnd);
        Matrix T = randomTargets(loss, 3, 6, rnd);
        Network.Gradients g = net.gradients(X, T);
        List<Matrix> numeric = FiniteDifferences.gradient(net, X, T);
        for (int r = 1; r <= net.layerCount(); r++) {
            assertTrue(g.dW(r).approxEquals(numeric.get(2 * r - 2), 1e-7), "dW(" + r + ") " + hidden + " " + loss);
            assertTrue(g.db(r).approxEquals(numeric.get(2 * r - 1), 1e-7), "db(" + r + ") " + hidden + " " + loss);
        }
        assertTrue(FiniteDifferences.worstRelativeError(g.asList(), numeric) < 1e-6);
        assertEquals(net.loss(X, T), g.loss(), 0.0);
    }

    @Test
    void outputDeltaIsYMinusTOverTheBatchSize() {
        Random rnd = new Random(3);
        Network net = smallNetwork(Activation.SIGMOID, Loss.CROSS_ENTROPY, rnd);
        Matrix X = randomMatrix(3, 5, rnd);
        Matrix T = randomTargets(Loss.CROSS_ENTROPY, 3, 5, rnd);
        Network.Trace trace = net.forward(X);
        Network.Gradients g = net.backward(trace, T);
        assertTrue(g.delta(3).approxEquals(trace.Y().minus(T).scale(1.0 / 5), 1e-15));
        // and the recursion one layer down, written out: Delta(2) = f'(A(2)) o W(3)^T Delta(3)
        Matrix expected = Activation.SIGMOID.derivative(trace.A(2)).hadamard(net.layer(3).W().transpose().times(g.delta(3)));
        assertTrue(g.delta(2).approxEquals(expected, 1e-15));
        // dW(1) = Delta(1) X^T and db(1) = Delta(1) summed over the batch
        assertTrue(g.dW(1).approxEquals(g.delta(1).times(X.transpose()), 1e-15));
        assertTrue(g.db(1).approxEquals(g.delta(1).rowSums(), 1e-15));
    }

    /** A backward pass with the wrong activation derivative must be caught by the finite-difference comparison. */
    @Test
    void aBrokenBackwardIsDetected() {
        Random rnd = new Random(5);
        Network net = smallNetwork(Activation.SIGMOID, Loss.CROSS_ENTROPY, rnd);
        Matrix X = randomMatrix(3, 4, rnd);
        Matrix T = randomTargets(Loss.CROSS_ENTROPY, 3, 4, rnd);
        List<Matrix> numeric = FiniteDifferences.gradient(net, X, T);
        assertTrue(FiniteDifferences.worstRelativeError(net.gradients(X, T).asList(), numeric) < 1e-6);

        // Same weights, forward trace of the sigmoid network, but backward with tanh' instead of sigmoid'.
        List<Matrix> W = List.of(net.layer(1).W(), net.layer(2).W(), net.layer(3).W());
        List<Matrix> b = List.of(net.layer(1).b(), net.layer(2).b(), net.layer(3).b());
        Network wrongDerivative = Network.of(W, b, Activation.TANH);
        Network.Gradients broken = wrongDerivative.backward(net.forward(X), T);
        assertTrue(FiniteDifferences.worstRelativeError(broken.asList(), numeric) > 1e-2);
        // The output layer does not use f', so its gradient is still right: the comparison localises the bug.
        assertTrue(broken.dW(3).approxEquals(numeric.get(4), 1e-7));

        // Forgetting that the batch loss is a mean (no 1/B) is caught too.
        List<Matrix> summed = net.gradients(X, T).asList().stream().map(m -> m.scale(4)).toList();
        assertTrue(FiniteDifferences.worstRelativeError(summed, numeric) > 0.5);
    }

    // ---------------------------------------------------------------- batch versus per example

    @ParameterizedTest
    @MethodSource("losses")
    void batchGradientIsTheMeanOfPerExampleGradients(Loss loss) {
        Random rnd = new Random(9);
        Network net = smallNetwork(Activation.TANH, loss, rnd);
        Matrix X = randomMatrix(3, 7, rnd);
        Matrix T = randomTargets(loss, 3, 7, rnd);
        Network.Trace trace = net.forward(X);
        Network.Gradients batch = net.backward(trace, T);
        List<Network.Gradients> perExample = net.backwardPerExample(trace, T);
        assertEquals(7, perExample.size());
        List<Matrix> mean = Network.Gradients.mean(perExample);
        for (int k = 0; k < mean.size(); k++) {
            assertTrue(batch.asList().get(k).approxEquals(mean.get(k), 1e-14), net.parameterNames().get(k));
        }
        double meanLoss = perExample.stream().mapToDouble(Network.Gradients::loss).average().orElseThrow();
        assertEquals(batch.loss(), meanLoss, 1e-14);
        // each per-example gradient is a backward pass on that example alone, with Delta(R+1) = y - t
        Network.Gradients third = net.gradients(X.column(2), T.column(2));
        for (int k = 0; k < mean.size(); k++) {
            assertTrue(third.asList().get(k).approxEquals(perExample.get(2).asList().get(k), 1e-15));
        }
        assertTrue(perExample.get(2).delta(3).approxEquals(trace.Y().column(2).minus(T.column(2)), 1e-15));
    }

    @Test
    void exampleTraceEqualsTheForwardPassOfThatColumn() {
        Random rnd = new Random(2);
        Network net = smallNetwork(Activation.RELU, Loss.CROSS_ENTROPY, rnd);
        Matrix X = randomMatrix(3, 4, rnd);
        Network.Trace single = net.forward(X.column(1));
        Network.Trace fromBatch = net.forward(X).example(1);
        for (int r = 1; r <= 3; r++) {
            assertTrue(single.A(r).approxEquals(fromBatch.A(r), 1e-14));
            assertTrue(single.Z(r - 1).approxEquals(fromBatch.Z(r - 1), 1e-14));
        }
        assertTrue(single.Y().approxEquals(fromBatch.Y(), 1e-14));
    }

    // ---------------------------------------------------------------- parameters contract

    @Test
    void parametersAreTheLiveMatricesInLayerOrder() {
        Random rnd = new Random(4);
        Matrix W1 = randomMatrix(4, 3, rnd);
        Matrix b1 = Matrix.zeros(4, 1);
        Matrix W2 = randomMatrix(2, 4, rnd);
        Matrix b2 = Matrix.zeros(2, 1);
        Network net = Network.of(List.of(W1, W2), List.of(b1, b2), Activation.TANH);
        assertEquals(List.of("W(1)", "b(1)", "W(2)", "b(2)"), net.parameterNames());
        List<Matrix> p = net.parameters();
        assertSame(W1, p.get(0));
        assertSame(b1, p.get(1));
        assertSame(W2, p.get(2));
        assertSame(b2, p.get(3));
        assertEquals(4 * 3 + 4 + 2 * 4 + 2, net.parameterCount());

        Matrix X = randomMatrix(3, 5, rnd);
        Matrix T = Network.oneHot(new int[] {0, 1, 1, 0, 1}, 2);
        Network.Gradients g = net.gradients(X, T);
        List<Matrix> grads = g.asList();
        for (int k = 0; k < 4; k++) {
            assertEquals(p.get(k).shape(), grads.get(k).shape());
        }
        assertSame(g.dW(2), grads.get(2));
        assertSame(g.db(1), grads.get(1));

        // one gradient-descent step done the way optimizers do it: in place on the parameter matrices
        double before = g.loss();
        for (int k = 0; k < 4; k++) {
            p.get(k).addScaledInPlace(grads.get(k), -0.1);
        }
        double after = net.loss(X, T);
        assertTrue(after < before, "a small step against the gradient lowers the loss: " + before + " -> " + after);
    }

    @Test
    void copyIsIndependent() {
        Network net = Network.random(new int[] {3, 2, 2}, Activation.RELU, Init.HE_NORMAL, new Random(8));
        Network copy = net.copy();
        Matrix X = Matrix.of(new double[][] {{1}, {2}, {3}});
        assertTrue(copy.output(X).approxEquals(net.output(X), 0.0));
        assertNotSame(net.parameters().get(0), copy.parameters().get(0));
        copy.parameters().get(0).addScaledInPlace(Matrix.filled(2, 3, 1.0), 1.0);
        assertTrue(net.layer(1).W().approxEquals(net.parameters().get(0), 0.0));
        assertTrue(!copy.layer(1).W().approxEquals(net.layer(1).W(), 1e-3));
    }

    @Test
    void predictAndAccuracy() {
        // A one-layer network whose logits are the inputs themselves: the class is the largest input.
        Network net = Network.of(List.of(Matrix.identity(3)), List.of(Matrix.zeros(3, 1)), Activation.RELU);
        Matrix X = Matrix.of(new double[][] {{5, 0, 0, 1}, {1, 3, 0, 2}, {0, 1, 4, 3}});
        assertArrayEquals(new int[] {0, 1, 2, 2}, net.predict(X));
        assertEquals(0.75, net.accuracy(X, new int[] {0, 1, 2, 0}), 0.0);
        assertThrows(IllegalArgumentException.class, () -> net.accuracy(X, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> net.accuracy(X, new int[] {0, 1, 2, 3}));
    }

    // ---------------------------------------------------------------- text

    @Test
    void toStringTeachesTheShapes() {
        Network net = Network.random(new int[] {784, 128, 10}, Activation.RELU, Init.HE_NORMAL, new Random(1));
        assertEquals("Dense(784 -> 128, relu)", net.layer(1).toString());
        assertEquals("Dense(128 -> 10, logits, softmax output)", net.layer(2).toString());
        assertEquals(Activation.IDENTITY, net.layer(2).activation());
        assertEquals("Dense(128 -> 10, logits, softmax output)", net.copy().layer(2).toString());
        assertEquals("Network(784 -> 128 relu -> 10 softmax + cross-entropy, 101770 parameters)", net.toString());
        Network.Trace trace = net.forward(Matrix.zeros(784, 2));
        assertEquals("Trace(B=2; Z(0) 784 x 2, A(1) 128 x 2, Z(1) 128 x 2, A(2) 10 x 2, Y 10 x 2)", trace.toString());
        Network.Gradients g = net.backward(trace, Network.oneHot(new int[] {1, 2}, 10));
        assertTrue(g.toString().startsWith("Gradients(loss=2.30259, B=2; |dW(1)|="), g.toString());
    }

    // ---------------------------------------------------------------- bad inputs

    @Test
    void badShapesAreRejectedNamingLayerAndShapes() {
        Matrix W1 = Matrix.zeros(4, 3);
        Matrix W2 = Matrix.zeros(2, 5);
        IllegalArgumentException chain = assertThrows(IllegalArgumentException.class,
                () -> Network.of(List.of(W1, W2), List.of(Matrix.zeros(4, 1), Matrix.zeros(2, 1)), Activation.RELU));
        assertTrue(chain.getMessage().contains("layer 2: W(2) is 2 x 5 but W(1) is 4 x 3"), chain.getMessage());
        IllegalArgumentException bias = assertThrows(IllegalArgumentException.class,
                () -> Network.of(List.of(W1), List.of(Matrix.zeros(3, 1)), Activation.RELU));
        assertTrue(bias.getMessage().contains("b(1) is 3 x 1 but W(1) is 4 x 3"), bias.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.of(List.of(W1), List.of(), Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> Network.of(List.of(), List.of(), Activation.RELU));
        assertThrows(IllegalArgumentException.class,
                () -> Network.random(new int[] {3}, Activation.RELU, Init.HE_NORMAL, new Random(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Network.random(new int[] {3, 0, 2}, Activation.RELU, Init.HE_NORMAL, new Random(1)));
    }

    @Test
    void badBatchesAndTargetsAreRejected() {
        Network net = Network.random(new int[] {3, 4, 2}, Activation.RELU, Init.HE_NORMAL, new Random(1));
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> net.forward(Matrix.zeros(4, 2)));
        assertTrue(rows.getMessage().contains("forward: X is 4 x 2 but W(1) is 4 x 3; X needs 3 rows"), rows.getMessage());

        Matrix X = Matrix.zeros(3, 2);
        X.setInPlace(1, 1, Double.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> net.forward(X));
        assertTrue(nan.getMessage().contains("entry [1,1]") && nan.getMessage().contains("NaN"), nan.getMessage());

        Network.Trace trace = net.forward(Matrix.zeros(3, 2));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> net.backward(trace, Matrix.zeros(2, 3)));
        assertTrue(shape.getMessage().contains("T is 2 x 3 but the output Y is 2 x 2"), shape.getMessage());
        IllegalArgumentException notOneHot = assertThrows(IllegalArgumentException.class,
                () -> net.backward(trace, Matrix.of(new double[][] {{1, 0}, {1, 0}})));
        assertTrue(notOneHot.getMessage().contains("column 0 of T sums to 2"), notOneHot.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.backwardPerExample(trace, Matrix.zeros(2, 2)));

        Network other = Network.random(new int[] {3, 5, 5, 2}, Activation.RELU, Init.HE_NORMAL, new Random(1));
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> other.backward(trace, Network.oneHot(new int[] {0, 1}, 2)));
        assertTrue(foreign.getMessage().contains("trace has 2 layers but this network has 3"), foreign.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> net.layer(3));
        assertThrows(IllegalArgumentException.class, () -> Network.oneHot(new int[] {0, 2}, 2));
    }

    @Test
    void evaluateGivesLossAndAccuracyFromOneForwardPass() {
        Random rnd = new Random(21);
        Network net = smallNetwork(Activation.TANH, Loss.CROSS_ENTROPY, rnd);
        Matrix X = randomMatrix(3, 9, rnd);
        int[] labels = new int[9];
        for (int m = 0; m < 9; m++) {
            labels[m] = rnd.nextInt(3);
        }
        Matrix T = Network.oneHot(labels, 3);
        Evaluation e = net.evaluate(X, T, labels);
        assertEquals(net.loss(X, T), e.loss(), 0.0);
        assertEquals(net.accuracy(X, labels), e.accuracy(), 0.0);
        assertTrue(Double.isNaN(net.evaluate(X, T, null).accuracy()));
    }
}
