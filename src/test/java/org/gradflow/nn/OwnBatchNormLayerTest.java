package org.gradflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.gradflow.check.GradCheckReport;
import org.gradflow.data.DataSet;
import org.gradflow.data.Synthetic;
import org.gradflow.optim.Momentum;
import org.gradflow.tensor.Matrix;
import org.gradflow.train.History;
import org.gradflow.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * A learner's own batch-norm layer, written with loops from the formulas (not with the library's BatchNorm): it goes
 * into a Sequential, passes the gradient checker, agrees with the library's layer and trains with Trainer.
 */
class OwnBatchNormLayerTest {

    /** y = gamma o (x - mu) / sqrt(var + eps) + beta per row over the batch; running averages with momentum 0.1. */
    static final class MyBatchNorm implements Layer {
        final Matrix gamma;
        final Matrix beta;
        final double eps = 1e-5;
        final double[] runningMean;
        final double[] runningVar;
        private double[][] xhat;
        private double[] invStd;
        private boolean batchStatistics;

        MyBatchNorm(int d) {
            gamma = Matrix.filled(d, 1, 1.0);
            beta = Matrix.zeros(d, 1);
            runningMean = new double[d];
            runningVar = new double[d];
            java.util.Arrays.fill(runningVar, 1.0);
        }

        @Override
        public Matrix forward(Matrix X, Mode mode) {
            int d = X.rows();
            int B = X.cols();
            xhat = new double[d][B];
            invStd = new double[d];
            batchStatistics = mode != Mode.INFERENCE;
            double[][] y = new double[d][B];
            for (int i = 0; i < d; i++) {
                double mu = 0;
                double var = 0;
                if (batchStatistics) {
                    for (int j = 0; j < B; j++) {
                        mu += X.get(i, j) / B;
                    }
                    for (int j = 0; j < B; j++) {
                        var += (X.get(i, j) - mu) * (X.get(i, j) - mu) / B;
                    }
                    if (mode == Mode.TRAINING) {
                        runningMean[i] = 0.9 * runningMean[i] + 0.1 * mu;
                        runningVar[i] = 0.9 * runningVar[i] + 0.1 * var * B / (B - 1);
                    }
                } else {
                    mu = runningMean[i];
                    var = runningVar[i];
                }
                invStd[i] = 1 / Math.sqrt(var + eps);
                for (int j = 0; j < B; j++) {
                    xhat[i][j] = (X.get(i, j) - mu) * invStd[i];
                    y[i][j] = gamma.get(i, 0) * xhat[i][j] + beta.get(i, 0);
                }
            }
            return Matrix.of(y);
        }

        /** dx = invStd / B (B dxhat - sum dxhat - xhat sum(dxhat xhat)), dxhat = gamma dy. */
        @Override
        public Backward backward(Matrix dOut) {
            int d = dOut.rows();
            int B = dOut.cols();
            double[][] dx = new double[d][B];
            double[] dGamma = new double[d];
            double[] dBeta = new double[d];
            for (int i = 0; i < d; i++) {
                double sum = 0;
                double dot = 0;
                for (int j = 0; j < B; j++) {
                    double dxhat = gamma.get(i, 0) * dOut.get(i, j);
                    sum += dxhat;
                    dot += dxhat * xhat[i][j];
                    dGamma[i] += dOut.get(i, j) * xhat[i][j];
                    dBeta[i] += dOut.get(i, j);
                }
                for (int j = 0; j < B; j++) {
                    double dxhat = gamma.get(i, 0) * dOut.get(i, j);
                    dx[i][j] = batchStatistics ? invStd[i] / B * (B * dxhat - sum - xhat[i][j] * dot)
                            : invStd[i] * dxhat;
                }
            }
            return new Gradient(Matrix.of(dx), List.of(Matrix.column(dGamma), Matrix.column(dBeta)));
        }

        @Override
        public List<Matrix> parameters() {
            return List.of(gamma, beta);
        }

        @Override
        public List<String> parameterNames() {
            return List.of("gamma", "beta");
        }
    }

    private static Sequential net(Layer norm, long seed) {
        Random rnd = new Random(seed);
        return Sequential.of(Loss.CROSS_ENTROPY,
                Dense.random(2, 6, Activation.IDENTITY, Init.HE_NORMAL, rnd), norm,
                new ActivationLayer(Activation.TANH), Dense.random(6, 2, Activation.IDENTITY, Init.XAVIER_NORMAL, rnd));
    }

    @Test
    void ownBatchNormLayerPassesTheGradientCheckAndAgreesWithTheLibrarysLayer() {
        Random rnd = new Random(3);
        Matrix X = Matrix.build(2, 7, (i, j) -> 2 * rnd.nextGaussian() + 1);
        Matrix T = Matrix.oneHot(new int[] {0, 1, 1, 0, 1, 0, 0}, 2);
        MyBatchNorm mine = new MyBatchNorm(6);
        mine.gamma.setInPlace(Matrix.build(6, 1, (i, j) -> 0.5 + rnd.nextDouble()));
        mine.beta.setInPlace(Matrix.build(6, 1, (i, j) -> rnd.nextGaussian()));
        Sequential own = net(mine, 9);
        Sequential library = net(BatchNorm.of(mine.gamma.copy(), mine.beta.copy(), 1e-5), 9);

        GradCheckReport report = own.gradCheck(X, T).check();
        assertTrue(report.passed(), report.toString());
        LossGradients a = own.gradients(X, T);
        LossGradients b = library.gradients(X, T);
        assertEquals(b.loss(), a.loss(), 1e-12);
        for (int k = 0; k < a.asList().size(); k++) {
            assertTrue(a.asList().get(k).approxEquals(b.asList().get(k), 1e-12), own.parameterNames().get(k));
        }
        BatchNorm bn = (BatchNorm) library.layers().get(1);
        assertTrue(Matrix.column(mine.runningMean).approxEquals(bn.runningMean(), 1e-12));
        assertTrue(Matrix.column(mine.runningVar).approxEquals(bn.runningVar(), 1e-12));
        assertTrue(own.output(X).approxEquals(library.output(X), 1e-12), "inference with the running averages");
    }

    @Test
    void ownBatchNormLayerTrainsWithTrainerAsTheLibrarysDoes() {
        DataSet moons = Synthetic.twoMoons(60, 0.1, new Random(4));
        Trainer trainer = Trainer.builder().epochs(30).batchSize(20).optimizer(() -> new Momentum(0.1, 0.9)).seed(2)
                .build();
        History own = trainer.train(net(new MyBatchNorm(6), 5), moons, moons);
        History library = trainer.train(net(BatchNorm.ofFeatures(6, 1e-5), 5), moons, moons);
        assertTrue(own.last().trainLoss() < own.epochs().get(0).trainLoss(), own.toString());
        double[] mine = own.trainLoss();
        double[] theirs = library.trainLoss();
        for (int e = 0; e < mine.length; e++) {
            assertEquals(theirs[e], mine[e], 1e-9, "epoch " + (e + 1));
        }
    }
}
