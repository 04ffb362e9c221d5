package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.gradflow.tensor.Matrix;

/** Backprop against central differences, and batch versus per-example gradients, over random networks. */
class NetworkPropertiesTest {

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Activation> activations() {
        return net.jqwik.api.Arbitraries.of(Activation.builtIns());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Loss> losses() {
        return net.jqwik.api.Arbitraries.of(Loss.builtIns());
    }

    private static Network randomNetwork(List<Integer> widths, Activation hidden, Loss loss, Random rnd) {
        int[] sizes = widths.stream().mapToInt(Integer::intValue).toArray();
        Network net = Network.random(sizes, hidden, Init.XAVIER_NORMAL, rnd, loss);
        for (Matrix b : net.parameters()) {
            if (b.cols() == 1) {
                b.setInPlace(Matrix.build(b.rows(), 1, (i, j) -> 0.2 * rnd.nextGaussian()));
            }
        }
        return net;
    }

    @Property(tries = 60)
    void backpropMatchesCentralDifferences(
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 1, max = 5) Integer> widths,
            @ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll("activations") Activation hidden,
            @ForAll("losses") Loss loss,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        Network net = randomNetwork(widths, hidden, loss, rnd);
        Matrix X = Matrix.build(widths.get(0), batch, (i, j) -> rnd.nextGaussian());
        Matrix T = NetworkTest.randomTargets(loss, widths.get(widths.size() - 1), batch, rnd);
        Network.Trace trace = net.forward(X);
        boolean nearKink = false;
        for (int r = 1; r < net.layerCount(); r++) {
            for (int i = 0; i < trace.A(r).rows(); i++) {
                for (int j = 0; j < batch; j++) {
                    // central differences straddling a relu kink measure the average slope, not f'
                    if (Math.abs(trace.A(r).get(i, j)) < 1e-3 && (hidden == Activation.RELU || hidden == Activation.LEAKY_RELU)) {
                        nearKink = true;
                    }
                }
            }
        }
        Assume.that(!nearKink);
        Network.Gradients g = net.backward(trace, T);
        List<Matrix> numeric = FiniteDifferences.gradient(net, X, T);
        double worst = FiniteDifferences.worstRelativeError(g.asList(), numeric);
        assertTrue(worst < 1e-5, "worst relative error " + worst + " for " + net);
    }

    @Property(tries = 60)
    void batchGradientIsTheMeanOfPerExampleGradients(
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 1, max = 6) Integer> widths,
            @ForAll @IntRange(min = 1, max = 8) int batch,
            @ForAll("activations") Activation hidden,
            @ForAll("losses") Loss loss,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        Network net = randomNetwork(widths, hidden, loss, rnd);
        Matrix X = Matrix.build(widths.get(0), batch, (i, j) -> rnd.nextGaussian());
        Matrix T = NetworkTest.randomTargets(loss, widths.get(widths.size() - 1), batch, rnd);
        Network.Trace trace = net.forward(X);
        Network.Gradients whole = net.backward(trace, T);
        List<Network.Gradients> parts = net.backwardPerExample(trace, T);
        List<Matrix> mean = Network.Gradients.mean(parts);
        for (int k = 0; k < mean.size(); k++) {
            assertTrue(whole.asList().get(k).approxEquals(mean.get(k), 1e-12), net.parameterNames().get(k));
        }
        assertEquals(whole.loss(), parts.stream().mapToDouble(Network.Gradients::loss).average().orElseThrow(), 1e-12);
        for (int r = 1; r <= net.layerCount(); r++) {
            assertEquals(net.layer(r).W().shape(), whole.dW(r).shape());
            assertEquals(net.layer(r).b().shape(), whole.db(r).shape());
            assertEquals(trace.A(r).shape(), whole.delta(r).shape());
        }
    }
}
