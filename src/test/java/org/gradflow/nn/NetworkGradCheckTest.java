package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gradflow.check.GradCheckReport;
import org.gradflow.check.Localisation;
import org.gradflow.graph.Value;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/**
 * The delta recursion against two independent references: the finite-difference checker, and the same
 * network written out node by node in the scalar graph, whose gradients come from the gradient-flow rules alone.
 */
class NetworkGradCheckTest {

    private static Network network(int[] sizes, Activation f, long seed) {
        Random rnd = new Random(seed);
        Network net = Network.random(sizes, f, Init.XAVIER_NORMAL, rnd);
        for (int r = 1; r <= net.layerCount(); r++) {
            net.layer(r).b().setInPlace(Matrix.build(sizes[r], 1, (i, j) -> 0.3 * rnd.nextGaussian()));
        }
        return net;
    }

    private static Matrix targets(int classes, int B, Random rnd) {
        int[] labels = new int[B];
        for (int m = 0; m < B; m++) {
            labels[m] = rnd.nextInt(classes);
        }
        return Network.oneHot(labels, classes);
    }

    @Test
    void theNetworksOwnBackwardPassPassesItsGradientCheckAndLeavesItUntouched() {
        Random rnd = new Random(1);
        Network net = network(new int[] {3, 4, 5, 3}, Activation.TANH, 2);
        Matrix X = Matrix.build(3, 6, (i, j) -> rnd.nextGaussian());
        Matrix T = targets(3, 6, rnd);
        List<Matrix> before = net.parameters().stream().map(Matrix::copy).toList();
        GradCheckReport report = net.gradCheck(X, T).check();
        assertTrue(report.passed(), report.toString());
        assertEquals(net.parameterCount(), report.totalElements());
        for (int k = 0; k < before.size(); k++) {
            assertEquals(before.get(k), net.parameters().get(k), "parameters restored exactly");
        }
    }

    @Test
    void aBrokenRecursionStepIsLocalisedToItsLayer() {
        Random rnd = new Random(3);
        Network net = network(new int[] {3, 4, 4, 2}, Activation.SIGMOID, 4);
        Matrix X = Matrix.build(3, 5, (i, j) -> rnd.nextGaussian());
        Matrix T = targets(2, 5, rnd);
        Network.Trace trace = net.forward(X);
        Network.Gradients g = net.backward(trace, T);
        // Delta(1) computed without f'(A(1)): W(2)^T Delta(2) only, the classic slip
        Matrix wrongDelta1 = net.layer(2).W().transposeTimes(g.delta(2));
        List<Matrix> broken = new ArrayList<>(g.asList());
        broken.set(0, wrongDelta1.timesTranspose(X));
        broken.set(1, wrongDelta1.rowSums());
        GradCheckReport report = net.gradCheck(X, T, broken).check();
        assertFalse(report.passed());
        Localisation where = report.localise();
        assertEquals(1, where.layer(), where.toString());
        assertTrue(report.worst().element().startsWith("W(1)") || report.worst().element().startsWith("b(1)"));
    }

    @Test
    void deltaRecursionAgreesWithTheScalarGraphOnRandomNetworks() {
        Random rnd = new Random(5);
        Activation[] fs = {Activation.SIGMOID, Activation.TANH, Activation.RELU};
        for (int trial = 0; trial < 12; trial++) {
            int layers = 1 + rnd.nextInt(3);
            int[] sizes = new int[layers + 1];
            for (int r = 0; r <= layers; r++) {
                sizes[r] = 1 + rnd.nextInt(4);
            }
            sizes[layers] = Math.max(2, sizes[layers]);
            Network net = network(sizes, fs[trial % fs.length], 100 + trial);
            int B = 1 + rnd.nextInt(4);
            Matrix X = Matrix.build(sizes[0], B, (i, j) -> rnd.nextGaussian());
            Matrix T = targets(sizes[layers], B, rnd);

            Network.Gradients g = net.gradients(X, T);
            ScalarNetwork scalar = new ScalarNetwork(net);
            Value L = scalar.loss(X, T);
            L.backward();

            assertEquals(g.loss(), L.value(), 1e-12, "loss, trial " + trial);
            for (int r = 1; r <= net.layerCount(); r++) {
                assertTrue(scalar.dW(r).approxEquals(g.dW(r), 1e-12), "dW(" + r + "), trial " + trial);
                assertTrue(scalar.db(r).approxEquals(g.db(r), 1e-12), "db(" + r + "), trial " + trial);
            }
        }
    }

    /** The same network, one {@link Value} per weight, bias and activation: no matrices, no delta recursion. */
    private static final class ScalarNetwork {
        private final Network net;
        private final List<Value[][]> W = new ArrayList<>();
        private final List<Value[]> b = new ArrayList<>();

        ScalarNetwork(Network net) {
            this.net = net;
            for (int r = 1; r <= net.layerCount(); r++) {
                Matrix Wr = net.layer(r).W();
                Value[][] w = new Value[Wr.rows()][Wr.cols()];
                Value[] bias = new Value[Wr.rows()];
                for (int i = 0; i < Wr.rows(); i++) {
                    bias[i] = Value.of(net.layer(r).b().get(i, 0));
                    for (int j = 0; j < Wr.cols(); j++) {
                        w[i][j] = Value.of(Wr.get(i, j));
                    }
                }
                W.add(w);
                b.add(bias);
            }
        }

        /** Mean over the batch of -log softmax(a)_label. */
        Value loss(Matrix X, Matrix T) {
            Value total = Value.of(0);
            for (int m = 0; m < X.cols(); m++) {
                Value[] z = new Value[X.rows()];
                for (int i = 0; i < X.rows(); i++) {
                    z[i] = Value.of(X.get(i, m));
                }
                for (int r = 1; r <= net.layerCount(); r++) {
                    Value[][] w = W.get(r - 1);
                    Value[] a = new Value[w.length];
                    for (int i = 0; i < w.length; i++) {
                        Value sum = b.get(r - 1)[i];
                        for (int j = 0; j < z.length; j++) {
                            sum = sum.plus(w[i][j].times(z[j]));
                        }
                        a[i] = sum;
                    }
                    z = r < net.layerCount() ? activate(a) : a;
                }
                Value sumExp = Value.of(0);
                for (Value ak : z) {
                    sumExp = sumExp.plus(ak.exp());
                }
                for (int k = 0; k < z.length; k++) {
                    if (T.get(k, m) == 1.0) {
                        total = total.plus(sumExp.log().minus(z[k]));
                    }
                }
            }
            return total.times(1.0 / X.cols());
        }

        private Value[] activate(Value[] a) {
            Value[] z = new Value[a.length];
            for (int i = 0; i < a.length; i++) {
                Activation f = net.hidden();
                z[i] = f == Activation.SIGMOID ? a[i].sigmoid() : f == Activation.TANH ? a[i].tanh()
                        : f == Activation.RELU ? a[i].relu() : a[i];
            }
            return z;
        }

        Matrix dW(int r) {
            Value[][] w = W.get(r - 1);
            return Matrix.build(w.length, w[0].length, (i, j) -> w[i][j].grad());
        }

        Matrix db(int r) {
            Value[] bias = b.get(r - 1);
            return Matrix.build(bias.length, 1, (i, j) -> bias[i].grad());
        }
    }
}
