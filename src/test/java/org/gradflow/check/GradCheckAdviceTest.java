package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gradflow.graph.Graph;
import org.gradflow.graph.Mlp;
import org.gradflow.graph.Value;
import org.gradflow.nn.Activation;
import org.gradflow.nn.Init;
import org.gradflow.nn.Loss;
import org.gradflow.nn.Network;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** Advice that fits the code under check, readable hints, and element names for Value graphs. */
class GradCheckAdviceTest {

    private static final Loss HUBER = Loss.elementwise("huber",
            (y, t) -> Math.abs(y - t) <= 1 ? 0.5 * (y - t) * (y - t) : Math.abs(y - t) - 0.5,
            (y, t) -> Math.max(-1, Math.min(1, y - t)));

    /** The output layer's gradients doubled: a wrong output delta. */
    private static Localisation brokenOutputLayer(Loss loss, Matrix T) {
        Random rnd = new Random(2);
        Network net = Network.random(new int[] {2, 3, 2}, Activation.TANH, Init.XAVIER_NORMAL, rnd, loss);
        Matrix X = Matrix.build(2, 4, (i, j) -> rnd.nextGaussian());
        List<Matrix> g = new ArrayList<>(net.gradients(X, T).asList());
        g.set(2, g.get(2).scale(2));
        g.set(3, g.get(3).scale(2));
        GradCheckReport report = net.gradCheck(X, T, g).check();
        assertFalse(report.passed());
        return report.localise();
    }

    @Test
    void outputLayerAdviceNamesYMinusTOnlyForTheLossesWhoseDeltaItIs() {
        Matrix classes = Matrix.oneHot(new int[] {0, 1, 1, 0}, 2);
        Localisation softmax = brokenOutputLayer(Loss.CROSS_ENTROPY, classes);
        assertEquals(2, softmax.layer());
        assertTrue(softmax.advice().contains("Y - T (softmax with cross-entropy)"), softmax.advice());

        Matrix targets = Matrix.of(new double[][] {{3, -2, 0.5, 4}, {-3, 1, 2, 0}});
        Localisation huber = brokenOutputLayer(HUBER, targets);
        assertEquals(2, huber.layer());
        assertFalse(huber.advice().contains("Y - T"), huber.advice());
        assertFalse(huber.advice().contains("softmax"), huber.advice());
        assertTrue(huber.advice().contains("identity + huber"), huber.advice());
    }

    @Test
    void aCheckOfAPlainFunctionGivesNoLossSpecificAdvice() {
        // f(W) = sum W^2, with names in the W(r) notation but no model behind it
        double[] w = {0.3, -1.2};
        GradCheck check = GradCheck.of(() -> w[0] * w[0] + w[1] * w[1])
                .param("W(1)", w, new double[] {3 * w[0], 3 * w[1]});
        Localisation where = check.check().localise();
        assertFalse(where.advice().contains("Y - T"), where.advice());
    }

    @Test
    void hintsReadAsSentencesNotEnumNames() {
        assertEquals("step too small", Hint.STEP_TOO_SMALL.title());
        assertTrue(Hint.CONSTANT_FACTOR.toString().startsWith("constant factor: the analytic gradient is"));
        for (Hint h : Hint.values()) {
            assertFalse(h.toString().contains("_"), h.toString());
        }
        // a factor-2 error produces the constant-factor hint, printed readably in a list
        GradCheckReport report = GradCheck.function(x -> x[0] * x[0] + x[1] * x[1],
                x -> new double[] {4 * x[0], 4 * x[1]}, 0.7, -0.4);
        assertTrue(report.hints().contains(Hint.CONSTANT_FACTOR), report.toString());
        assertFalse(report.hints().toString().contains("CONSTANT_FACTOR"), report.hints().toString());
    }

    @Test
    void aValueGraphCheckNamesElementsByTheValueLabels() {
        Mlp model = new Mlp(2, new int[] {3, 1}, new Random(4));
        double[] x = {0.4, -0.9};
        GradCheckReport ok = Graph.gradCheck(() -> model.apply(x).get(0).tanh(), model.parameters()).check();
        assertTrue(ok.passed(), ok.toString());
        assertTrue(ok.elements().stream().anyMatch(e -> e.element().equals("w(1)[2,1]")),
                ok.elements().stream().map(ElementCheck::element).toList().toString());

        // a wrong gradient for one labelled input is reported by its label
        Value a = Value.of(1.5, "a");
        Value b = Value.of(-0.5, "b");
        GradCheckReport wrong = GradCheck.ofNamedFunction(List.of(a.label(), b.label()),
                v -> v[0] * v[1], v -> new double[] {v[1], 2 * v[0]}, a.value(), b.value()).check();
        assertFalse(wrong.passed());
        assertEquals("b", wrong.worst().element());
        assertEquals(1.5, a.value(), 0.0, "inputs are put back");
    }
}
