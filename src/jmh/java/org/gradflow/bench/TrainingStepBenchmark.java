package org.gradflow.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Init;
import org.gradflow.nn.Network;
import org.gradflow.tensor.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of a 784-128-10 ReLU network with softmax + cross-entropy on a batch of 64 (doubles),
 * split into its parts: the forward pass, forward + backward, and forward + backward + a gradient-descent
 * update of every parameter in place. bench/torch_step.py times the same three things in PyTorch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainingStepBenchmark {

    static final int[] SIZES = {784, 128, 10};
    static final int BATCH = 64;
    static final double LR = 1e-3;

    Network net;
    Matrix X;
    Matrix T;

    /** A He-initialised network, inputs uniform in [0, 1) like scaled pixels, random one-hot labels. */
    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        net = Network.random(SIZES, Activation.RELU, Init.HE_NORMAL, rnd);
        X = Matrix.build(SIZES[0], BATCH, (i, j) -> rnd.nextDouble());
        int[] labels = new int[BATCH];
        for (int m = 0; m < BATCH; m++) {
            labels[m] = rnd.nextInt(SIZES[2]);
        }
        T = Network.oneHot(labels, SIZES[2]);
    }

    /** {@code A(r) = W(r) Z(r-1) + b(r)}, {@code Z(r) = relu(A(r))}, {@code Y = softmax(A(2))}. */
    @Benchmark
    public Network.Trace forward() {
        return net.forward(X);
    }

    /** The forward pass, then the delta recursion and every {@code dW(r)}, {@code db(r)} (and the loss). */
    @Benchmark
    public Network.Gradients forwardBackward() {
        return net.backward(net.forward(X), T);
    }

    /** Forward, backward and {@code W <- W - lr dW}, {@code b <- b - lr db} for every layer. */
    @Benchmark
    public List<Matrix> trainingStep() {
        List<Matrix> gradients = net.backward(net.forward(X), T).asList();
        List<Matrix> parameters = net.parameters();
        for (int k = 0; k < parameters.size(); k++) {
            parameters.get(k).addScaledInPlace(gradients.get(k), -LR);
        }
        return parameters;
    }
}
