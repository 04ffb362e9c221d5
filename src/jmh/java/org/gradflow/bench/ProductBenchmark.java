package org.gradflow.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The three matrix products of a 784-128-10 training step at batch 64, alone: {@code W(1) X} (forward),
 * {@code Delta(1) X^T} (the gradient of W(1)) and {@code W(2)^T Delta(2)} (the delta recursion).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProductBenchmark {

    Matrix W1;
    Matrix X;
    Matrix delta1;
    Matrix W2;
    Matrix delta2;

    /** Random matrices of the step's shapes. */
    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(1);
        W1 = Matrix.build(128, 784, (i, j) -> rnd.nextGaussian());
        X = Matrix.build(784, 64, (i, j) -> rnd.nextDouble());
        delta1 = Matrix.build(128, 64, (i, j) -> rnd.nextGaussian());
        W2 = Matrix.build(10, 128, (i, j) -> rnd.nextGaussian());
        delta2 = Matrix.build(10, 64, (i, j) -> rnd.nextGaussian());
    }

    /** {@code W(1) X}: (128 x 784)(784 x 64). */
    @Benchmark
    public Matrix times() {
        return W1.times(X);
    }

    /** {@code Delta(1) X^T}: (128 x 64)(784 x 64)^T. */
    @Benchmark
    public Matrix timesTranspose() {
        return delta1.timesTranspose(X);
    }

    /** {@code W(2)^T Delta(2)}: (10 x 128)^T (10 x 64). */
    @Benchmark
    public Matrix transposeTimes() {
        return W2.transposeTimes(delta2);
    }
}
