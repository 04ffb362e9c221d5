package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gradflow.data.DataSet;
import org.gradflow.data.Synthetic;
import org.junit.jupiter.api.Test;

/**
 * The port of micrograd's demo (demo.ipynb): a 2-16-16-1 MLP on 100 moons points (noise 0.1), labels -1/+1, the
 * SVM max-margin loss {@code mean relu(1 - y score)} plus {@code 1e-4 sum p^2}, 100 steps of gradient descent with
 * {@code lr = 1.0 - 0.9 k / 100}, {@code zeroGrad} before each {@code backward}. micrograd reaches 100% training
 * accuracy; so must the port.
 */
class MicrogradDemoTest {

    @Test
    void micrograds2x16x16x1DemoOnMoonsReachesFullTrainingAccuracyIn100Steps() {
        DataSet moons = Synthetic.twoMoons(50, 0.1, new Random(1337));
        int n = moons.size();
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int m = 0; m < n; m++) {
            x[m][0] = moons.X().get(0, m);
            x[m][1] = moons.X().get(1, m);
            y[m] = moons.labels()[m] * 2 - 1;
        }
        Mlp model = new Mlp(2, new int[] {16, 16, 1}, new Random(1337));
        assertEquals(337, model.parameters().size(), "micrograd's 2-16-16-1 MLP has 337 parameters");

        double accuracy = 0;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        for (int k = 0; k < 100; k++) {
            List<Value> losses = new ArrayList<>();
            int correct = 0;
            for (int m = 0; m < n; m++) {
                Value score = model.apply(x[m]).get(0);
                losses.add(score.times(-y[m]).plus(1).relu());
                correct += (score.value() > 0) == (y[m] > 0) ? 1 : 0;
            }
            Value dataLoss = Value.sum(losses).div(n);
            List<Value> squares = model.parameters().stream().map(p -> p.times(p)).toList();
            Value total = dataLoss.plus(Value.sum(squares).times(1e-4));
            accuracy = (double) correct / n;

            model.zeroGrad();
            total.backward();
            model.step(1.0 - 0.9 * k / 100);
            firstLoss = k == 0 ? total.value() : firstLoss;
            lastLoss = total.value();
        }
        assertTrue(lastLoss < firstLoss / 5, "loss " + firstLoss + " -> " + lastLoss);
        assertEquals(1.0, accuracy, 0.0, "training accuracy at step 99");
    }

    @Test
    void forgettingZeroGradIsWhatMakesGradientsAccumulate() {
        Mlp model = new Mlp(2, new int[] {3, 1}, new Random(3));
        Value out = model.apply(0.5, -1.0).get(0);
        out.backward();
        double once = model.parameters().get(0).grad();
        model.apply(0.5, -1.0).get(0).backward();
        assertEquals(2 * once, model.parameters().get(0).grad(), 1e-15);
        model.zeroGrad();
        model.apply(0.5, -1.0).get(0).backward();
        assertEquals(once, model.parameters().get(0).grad(), 1e-15);
    }

    @Test
    void stepMovesEveryParameterInPlaceAgainstItsGradient() {
        Mlp model = new Mlp(1, new int[] {1}, new Random(5));
        Value w = model.parameters().get(0);
        Value b = model.parameters().get(1);
        double w0 = w.value();
        // L = (w * 2 + b)^2 at x = 2: dL/dw = 2 (2 w + b) 2, dL/db = 2 (2 w + b)
        Value L = model.apply(2.0).get(0).pow(2);
        model.zeroGrad();
        L.backward();
        model.step(0.1);
        assertEquals(w0 - 0.1 * 4 * (2 * w0), w.value(), 1e-15);
        assertEquals(0 - 0.1 * 2 * (2 * w0), b.value(), 1e-15);
    }
}
