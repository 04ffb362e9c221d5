package org.gradflow.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.gradflow.data.DataSet;
import org.gradflow.data.Synthetic;
import org.gradflow.nn.Activation;
import org.gradflow.nn.ActivationLayer;
import org.gradflow.nn.BatchNorm;
import org.gradflow.nn.Dense;
import org.gradflow.nn.Init;
import org.gradflow.nn.Loss;
import org.gradflow.nn.LossGradients;
import org.gradflow.nn.Network;
import org.gradflow.nn.Sequential;
import org.gradflow.optim.GradientDescent;
import org.gradflow.optim.Momentum;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Trainer on any Model: the plain step, a BatchNorm model, own activation and loss, per-epoch series. */
class TrainerModelTest {

    private static Sequential batchNormNet(Random rnd) {
        return Sequential.of(Loss.CROSS_ENTROPY,
                Dense.random(2, 16, Activation.IDENTITY, Init.HE_NORMAL, rnd), BatchNorm.ofFeatures(16, 1e-5),
                new ActivationLayer(Activation.RELU), Dense.random(16, 2, Activation.IDENTITY, Init.XAVIER_NORMAL, rnd));
    }

    @Test
    void aFullBatchEpochIsThePlainStepGradientsThenOptimizerStep() {
        DataSet moons = Synthetic.twoMoons(30, 0.1, new Random(1));
        Sequential trained = batchNormNet(new Random(2));
        Sequential byHand = batchNormNet(new Random(2));
        Trainer.builder().epochs(1).optimizer(() -> new Momentum(0.3, 0.9)).seed(4).build()
                .train(trained, moons, null);

        LossGradients grads = byHand.gradients(moons.X(), moons.T());
        new Momentum(0.3, 0.9).step(byHand.parameters(), grads.asList());
        for (int k = 0; k < trained.parameters().size(); k++) {
            // the trainer's batch is the shuffled training set: the same sums in another order
            assertTrue(trained.parameters().get(k).approxEquals(byHand.parameters().get(k), 1e-12),
                    trained.parameterNames().get(k));
        }
    }

    @Test
    void aBatchNormModelTrainsWithTrainerAndClassifiesTheMoons() {
        DataSet moons = Synthetic.twoMoons(100, 0.1, new Random(3));
        Sequential model = batchNormNet(new Random(5));
        History h = Trainer.builder().epochs(150).batchSize(20).optimizer(() -> new Momentum(0.1, 0.9)).seed(6)
                .build().train(model, moons, moons);
        assertTrue(h.last().trainAccuracy() > 0.95, h.toString());
        assertTrue(h.last().validationAccuracy() > 0.95, "inference mode with the running averages: " + h);
        assertTrue(((BatchNorm) model.layers().get(1)).batchesSeen() == 150 * 10, "one running-average update per step");
        assertEquals(List.of("|dW(1)|", "|dgamma(2)|", "|dW(4)|"), h.gradientNormNames());
    }

    @Test
    void ownActivationAndHuberLossTrainARegressionNetworkWithTrainer() {
        DataSet curve = Synthetic.regressionCurve(80, 0.05, new Random(7));
        Activation softplus = Activation.of("softplus", a -> Math.log1p(Math.exp(a)), a -> 1 / (1 + Math.exp(-a)));
        Loss huber = Loss.elementwise("huber",
                (y, t) -> Math.abs(y - t) <= 1 ? 0.5 * (y - t) * (y - t) : Math.abs(y - t) - 0.5,
                (y, t) -> Math.max(-1, Math.min(1, y - t)));
        Trainer.Run run = Trainer.builder().epochs(200).batchSize(16).optimizer(() -> new Momentum(0.05, 0.9))
                .seed(8).build().run(new int[] {1, 16, 1}, softplus, Init.XAVIER_NORMAL, huber, curve, null);
        double[] loss = run.history().trainLoss();
        assertTrue(loss[loss.length - 1] < loss[0] / 4, loss[0] + " -> " + loss[loss.length - 1]);
        assertEquals("identity + huber", run.network().lossFunction().toString());
    }

    @Test
    void historyHasPerEpochTimesElapsedTimesAndATrainingAccuracySeries() {
        DataSet moons = Synthetic.twoMoons(40, 0.1, new Random(9));
        Trainer.Run run = Trainer.builder().epochs(5).batchSize(10).optimizer(() -> new GradientDescent(0.5)).seed(1)
                .build().run(new int[] {2, 8, 2}, Activation.TANH, Init.XAVIER_NORMAL, moons, null);
        History h = run.history();
        double[] each = h.epochSeconds();
        double[] elapsed = h.elapsedSeconds();
        double sum = 0;
        for (int e = 0; e < each.length; e++) {
            sum += each[e];
            assertTrue(each[e] > 0, "epoch " + (e + 1));
            assertTrue(sum <= elapsed[e] + 1e-9, "per-epoch times add up to no more than the elapsed time");
            assertTrue(e == 0 || elapsed[e] > elapsed[e - 1]);
        }
        double[] accuracy = h.trainAccuracy();
        assertEquals(5, accuracy.length);
        assertEquals(run.network().accuracy(moons.X(), moons.labels()), accuracy[4], 0.0);
    }

    @Test
    void aNetworkStillTrainsAsBeforeThroughTheModelInterface() {
        DataSet moons = Synthetic.twoMoons(20, 0.1, new Random(2));
        Network net = Network.random(new int[] {2, 4, 2}, Activation.TANH, Init.XAVIER_NORMAL, new Random(3));
        Network copy = net.copy();
        Trainer.builder().epochs(1).optimizer(() -> new GradientDescent(0.1)).build().train(net, moons, null);
        Network.Gradients g = copy.gradients(moons.X(), moons.T());
        new GradientDescent(0.1).step(copy.parameters(), g.asList());
        for (int k = 0; k < net.parameters().size(); k++) {
            assertTrue(net.parameters().get(k).approxEquals(copy.parameters().get(k), 1e-12));
        }
    }
}
