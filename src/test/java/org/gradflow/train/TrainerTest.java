package org.gradflow.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gradflow.data.DataSet;
import org.gradflow.data.Digits;
import org.gradflow.data.Split;
import org.gradflow.data.Synthetic;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Init;
import org.gradflow.nn.Network;
import org.gradflow.optim.Adam;
import org.gradflow.optim.GradientDescent;
import org.gradflow.optim.Nesterov;
import org.gradflow.tensor.Matrix;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;

class TrainerTest {

    private static final int[] BLOB_NET = {2, 5, 3};

    private static DataSet blobs(long seed) {
        return Synthetic.blobs(new double[][] {{0, 0}, {3, 0}, {0, 3}}, 20, 0.5, new Random(seed));
    }

    private static Trainer.Builder gd(double lr) {
        return Trainer.builder().optimizer(() -> new GradientDescent(lr)).seed(3);
    }

    @Test
    void reachesNinetyPercentValidationAccuracyOnDigits() {
        Split split = Digits.load().split(0.8, new Random(0)).standardize();
        History h = Trainer.builder().epochs(15).batchSize(32).optimizer(() -> new Adam(0.005, 0.9, 0.999, 1e-8, true))
                .seed(1).build().train(new int[] {64, 32, 10}, Activation.RELU, Init.HE_NORMAL, split.train(), split.validation());
        assertTrue(h.last().validationAccuracy() > 0.90, h.toString());
        assertTrue(h.trainLoss()[h.trainLoss().length - 1] < h.trainLoss()[0], h.toString());
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        DataSet data = blobs(1);
        Trainer a = gd(0.2).epochs(3).batchSize(7).build();
        double[] first = a.train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null).stepLoss();
        double[] again = a.train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null).stepLoss();
        double[] other = gd(0.2).epochs(3).batchSize(7).seed(4).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null).stepLoss();
        assertArrayEquals(first, again);
        assertNotEquals(first[0], other[0]);
    }

    @Test
    void batchSizeDecidesStepsPerEpochFromOneLoop() {
        DataSet data = blobs(2);                      // 60 examples
        int[] sizes = {1, 7, 60};
        int[] expectedSteps = {60, 9, 1};             // ceil(60 / B)
        for (int k = 0; k < sizes.length; k++) {
            History h = gd(0.1).epochs(2).batchSize(sizes[k]).build()
                    .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null);
            assertEquals(expectedSteps[k], h.epochs().get(0).steps());
            assertEquals(2 * expectedSteps[k], h.steps().size());
            int seen = h.steps().stream().filter(s -> s.epoch() == 1).mapToInt(History.Step::batchSize).sum();
            assertEquals(60, seen, "every example once per epoch");
        }
        assertEquals(1, gd(0.1).epochs(1).fullBatch().build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null).steps().size());
    }

    @Test
    void simultaneousStepIsGradientDescentFromOnePoint() {
        DataSet data = blobs(3);
        Network net = Network.random(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, new Random(5));
        Network.Gradients g = net.gradients(data.X(), data.T());
        List<Matrix> expected = new ArrayList<>();
        for (int k = 0; k < net.parameters().size(); k++) {
            expected.add(net.parameters().get(k).minus(g.asList().get(k).scale(0.3)));
        }
        History h = gd(0.3).epochs(1).fullBatch().build().train(net, data, null);
        for (int k = 0; k < expected.size(); k++) {
            assertTrue(expected.get(k).approxEquals(net.parameters().get(k), 1e-14), net.parameterNames().get(k));
        }
        assertEquals(g.loss(), h.steps().get(0).loss(), 1e-15);
        assertEquals(1, h.last().forwardPasses());
        assertEquals(1, h.last().backwardPasses());
    }

    @Test
    void layerByLayerRecomputesTheGradientAfterEachLayerMoves() {
        DataSet data = blobs(4);
        Network net = Network.random(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, new Random(6));
        Network byHand = net.copy();
        double lr = 0.5;
        // output layer from the gradient at the start ...
        Network.Gradients g2 = byHand.gradients(data.X(), data.T());
        byHand.parameters().get(2).addScaledInPlace(g2.dW(2), -lr);
        byHand.parameters().get(3).addScaledInPlace(g2.db(2), -lr);
        // ... then layer 1 from a gradient re-computed where layer 2 now is
        Network.Gradients g1 = byHand.gradients(data.X(), data.T());
        byHand.parameters().get(0).addScaledInPlace(g1.dW(1), -lr);
        byHand.parameters().get(1).addScaledInPlace(g1.db(1), -lr);

        History h = gd(lr).epochs(1).fullBatch().updates(UpdateRule.LAYER_BY_LAYER).build().train(net, data, null);
        for (int k = 0; k < 4; k++) {
            assertTrue(byHand.parameters().get(k).approxEquals(net.parameters().get(k), 1e-14), net.parameterNames().get(k));
        }
        assertEquals(2, h.last().forwardPasses(), "one forward pass per layer");
        assertEquals(2, h.last().backwardPasses(), "one backward pass per layer");
        assertTrue(g1.dW(1).minus(g2.dW(1)).norm() > 1e-6, "the target moved: layer 1's gradient changed");
    }

    @Test
    void nesterovTakesOneGradientPerStepAtTheLookAheadPoint() {
        History h = Trainer.builder().optimizer(() -> new Nesterov(0.1, 0.9)).epochs(2).batchSize(20).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, blobs(5), null);
        assertEquals(6, h.steps().size());
        assertEquals(h.steps().size(), h.last().forwardPasses());
    }

    @Test
    void stopsWhenValidationLossFallsBelowThreshold() {
        DataSet data = blobs(6);
        History h = gd(0.5).epochs(500).batchSize(10).stopBelow(0.2).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, blobs(7));
        assertEquals(StopReason.VALIDATION_BELOW_THRESHOLD, h.stopReason());
        assertTrue(h.last().validationLoss() < 0.2);
        assertTrue(h.epochs().size() < 500);
        double[] val = h.validationLoss();
        for (int e = 0; e < val.length - 1; e++) {
            assertTrue(val[e] >= 0.2, "did not stop at the first epoch below the threshold");
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        DataSet train = blobs(8);
        // validation labels rotated: the better the network fits the training set, the worse it does here
        int[] rotated = train.labels().clone();
        for (int j = 0; j < rotated.length; j++) {
            rotated[j] = (rotated[j] + 1) % 3;
        }
        DataSet validation = DataSet.classification(train.X(), rotated, 3);
        Trainer.Run run = gd(0.5).epochs(200).batchSize(10).earlyStopping(3).build()
                .run(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, train, validation);
        History h = run.history();
        assertEquals(StopReason.NO_IMPROVEMENT, h.stopReason());
        double best = java.util.Arrays.stream(h.validationLoss()).min().orElseThrow();
        assertEquals(best, run.network().loss(validation.X(), validation.T()), 1e-12);
    }

    @Test
    void aDivergingRunStopsWithAReasonInsteadOfThrowing() {
        History h = gd(1e6).epochs(50).batchSize(1).build()
                .train(BLOB_NET, Activation.RELU, Init.HE_NORMAL, blobs(11), null);
        assertEquals(StopReason.DIVERGED, h.stopReason(), h.toString());
        assertTrue(h.epochs().size() < 50);
        assertTrue(Double.isNaN(h.last().trainLoss()), "the curve ends in a gap at the diverged epoch");
        assertTrue(h.stopDetail().contains("overflowed") || h.stopDetail().contains("non-finite"), h.stopDetail());
    }

    @Test
    void regressionDataTrainsAnIdentityOutputWithSquaredError() {
        DataSet curve = Synthetic.regressionCurve(80, 0.05, new Random(12));
        Trainer.Run run = gd(0.1).epochs(60).batchSize(16).build()
                .run(new int[] {1, 16, 1}, Activation.TANH, Init.XAVIER_UNIFORM, curve, null);
        assertEquals(org.gradflow.nn.Loss.MSE, run.network().lossFunction());
        History h = run.history();
        assertTrue(h.last().trainLoss() < 0.5 * h.epochs().get(0).trainLoss(), h.toString());
        assertTrue(Double.isNaN(h.last().trainAccuracy()), "no accuracy for regression");
        Network classifier = Network.random(new int[] {1, 4, 1}, Activation.TANH, Init.XAVIER_UNIFORM, new Random(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gd(0.1).build().train(classifier, curve, null));
        assertTrue(e.getMessage().contains("regression") && e.getMessage().contains("MSE"), e.getMessage());
    }

    @Test
    void listenersHearEveryStepAndEpoch() {
        List<Integer> steps = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        TrainingListener l = new TrainingListener() {
            @Override
            public void onStep(History.Step step) {
                steps.add(step.step());
            }

            @Override
            public void onEpoch(History.Epoch epoch) {
                epochs.add(epoch.epoch());
            }
        };
        History h = gd(0.1).epochs(3).batchSize(30).listener(l).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, blobs(9), null);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), steps);
        assertEquals(List.of(1, 2, 3), epochs);
        assertEquals(6, Tables.steps(h).rowCount());
        assertEquals(3, Tables.of(h).rowCount());
        assertTrue(Tables.steps(h).columnNames().contains("|dW(2)|"));
    }

    @Test
    void badSettingsAndMismatchedDataAreRejected() {
        DataSet data = blobs(10);
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> gd(-0.1).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null));
        assertThrows(IllegalStateException.class, () -> Trainer.builder().build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gd(0.1).batchSize(61).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null));
        assertTrue(e.getMessage().contains("61") && e.getMessage().contains("60"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gd(0.1).build()
                .train(new int[] {3, 5, 3}, Activation.TANH, Init.XAVIER_UNIFORM, data, null));
        assertTrue(e.getMessage().contains("features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gd(0.1).build()
                .train(new int[] {2, 5, 4}, Activation.TANH, Init.XAVIER_UNIFORM, data, null));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gd(0.1).stopBelow(0.1).build()
                .train(BLOB_NET, Activation.TANH, Init.XAVIER_UNIFORM, data, null));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
    }
}
