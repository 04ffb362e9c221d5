package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Sampling, evaluation counts, restoring the parameters, bad inputs, the directional check and the report. */
class GradCheckMechanicsTest {

    /** L = sum_i exp(w_i) + sum_j v_j^2 / 2 over a 4 x 5 block w and a vector v of 3; counts its evaluations. */
    private static final class Quadratic {
        final double[] w = new double[20];
        final double[] v = {0.3, -1.2, 0.8};
        final AtomicInteger calls = new AtomicInteger();

        Quadratic() {
            for (int k = 0; k < w.length; k++) {
                w[k] = 0.1 * k - 1;
            }
        }

        double loss() {
            calls.incrementAndGet();
            double s = 0;
            for (double x : w) {
                s += Math.exp(x);
            }
            for (double x : v) {
                s += x * x / 2;
            }
            return s;
        }

        double[] dw() {
            double[] g = new double[w.length];
            for (int k = 0; k < w.length; k++) {
                g[k] = Math.exp(w[k]);
            }
            return g;
        }

        GradCheck check() {
            return GradCheck.of(this::loss).param("w", 4, 5, w, dw()).param("v", v, v.clone());
        }
    }

    @Test
    void evaluationCountIsTwoPerElementPlusOneAndMatchesTheLoss() {
        Quadratic q = new Quadratic();
        GradCheckReport report = q.check().check();
        assertTrue(report.passed(), report::toString);
        assertEquals(1 + 2 * 23, report.evaluations());
        assertEquals(q.calls.get(), report.evaluations());
        assertEquals(new GradCheckReport.Cost(1, 46, 0, 0), report.cost());
        assertTrue(report.toString().contains("47 loss evaluations"), report::toString);
        assertTrue(report.toString().contains("1 forward + 1 backward pass"));
    }

    @Test
    void failedCheckCountsItsDiagnosticEvaluations() {
        Quadratic q = new Quadratic();
        double[] wrong = q.dw();
        wrong[7] *= 1.5;
        GradCheckReport report = GradCheck.of(q::loss).param("w", 4, 5, q.w, wrong).param("v", q.v, q.v.clone())
                .check();
        assertFalse(report.passed());
        assertEquals("w[1,2]", report.worst().element());
        assertEquals(new GradCheckReport.Cost(1, 46, 0, 8), report.cost());
        assertEquals(q.calls.get(), report.evaluations());
    }

    @Test
    void sampleIsReproducibleBySeedAndPrinted() {
        Quadratic q = new Quadratic();
        GradCheckReport a = q.check().sample(3, 42).check();
        GradCheckReport b = q.check().sample(3, 42).check();
        GradCheckReport c = q.check().sample(3, 7).check();
        assertEquals(names(a), names(b));
        assertNotEquals(names(a), names(c));
        assertEquals(6, a.elements().size(), "3 of w, all 3 of v");
        assertEquals(3, a.elements().stream().filter(e -> e.parameter().equals("w")).count());
        assertEquals(1 + 2 * 6, a.evaluations());
        assertEquals(42, a.seed());
        assertTrue(a.toString().contains("seed 42"), a::toString);
        assertTrue(a.toString().contains("checked 6 of 23 elements"), a::toString);
    }

    private static List<String> names(GradCheckReport r) {
        return r.elements().stream().map(ElementCheck::element).sorted().toList();
    }

    @Test
    void parametersAreRestoredBitForBitAfterEveryKindOfCheck() {
        Quadratic q = new Quadratic();
        double[] w0 = q.w.clone();
        double[] v0 = q.v.clone();
        GradCheck check = q.check();
        check.check();
        check.checkDirection(3);
        check.sweep("w[2,3]");
        check.sweep("w[2,3]").ridders();
        q.check().singlePrecision().check();
        double[] wrong = q.dw();
        wrong[0] = -wrong[0];
        GradCheck.of(q::loss).param("w", 4, 5, q.w, wrong).check();
        assertArrayEquals(w0, q.w);
        assertArrayEquals(v0, q.v);
    }

    @Test
    void parametersAreRestoredWhenTheLossThrows() {
        Quadratic q = new Quadratic();
        double[] w0 = q.w.clone();
        AtomicInteger calls = new AtomicInteger();
        DoubleSupplier failing = () -> {
            if (calls.incrementAndGet() == 6) {
                throw new IllegalStateException("boom");
            }
            return q.loss();
        };
        GradCheck check = GradCheck.of(failing).param("w", 4, 5, q.w, q.dw());
        assertEquals("boom", assertThrows(IllegalStateException.class, check::check).getMessage());
        assertArrayEquals(w0, q.w);
        calls.set(4);
        assertThrows(IllegalStateException.class, check.singlePrecision()::check);
        assertArrayEquals(w0, q.w);
        calls.set(5);
        assertThrows(IllegalStateException.class, () -> check.checkDirection(1));
        assertArrayEquals(w0, q.w);
    }

    @Test
    void nanLossFailsNamingTheElementAndRestores() {
        double[] x = {0.5, 1e-6};
        GradCheck check = GradCheck.of(() -> Math.log(x[0]) + Math.sqrt(x[1])).param("x", x,
                new double[] {2, 0.5 / Math.sqrt(1e-6)}).step(1e-5);
        IllegalStateException e = assertThrows(IllegalStateException.class, check::check);
        assertTrue(e.getMessage().contains("NaN at x[1] - h"), e.getMessage());
        assertArrayEquals(new double[] {0.5, 1e-6}, x);
    }

    @Test
    void badInputsAreRejectedWithClearMessages() {
        double[] x = {1, 2};
        GradCheck check = GradCheck.of(() -> x[0] * x[1]);
        assertMessage("step h must be positive and finite, got 0.0", () -> check.step(0));
        assertMessage("got -1.0E-5", () -> check.step(-1e-5));
        assertMessage("got NaN", () -> check.step(Double.NaN));
        assertMessage("got Infinity", () -> check.step(Double.POSITIVE_INFINITY));
        assertMessage("GradCheck.param(x): 2 x 1 = 2 values, but its gradient has 3",
                () -> check.param("x", x, new double[3]));
        assertMessage("GradCheck.param(W): shape 2 x 2 needs 4 values, got 2",
                () -> check.param("W", 2, 2, x, new double[2]));
        assertMessage("shape 0 x 1 is empty", () -> check.param("e", new double[0], new double[0]));
        assertMessage("shape 0 x 3 is empty", () -> check.param("e", 0, 3, new double[0], new double[0]));
        assertMessage("needs a name", () -> check.param(" ", x, new double[2]));
        assertMessage("k must be at least 1", () -> check.sample(0, 1));
        assertMessage("no parameters registered", check::check);
        check.param("x", x, new double[2]);
        assertMessage("a parameter named x is already registered", () -> check.param("x", new double[2], new double[2]));
        assertMessage("already registered as x", () -> check.param("y", x, new double[2]));
        assertMessage("no element named x[5]", () -> check.sweep("x[5]"));
        double[] bad = {Double.NaN};
        assertMessage("parameter p is NaN", GradCheck.of(() -> 0).param("p", bad, new double[1])::check);
        assertMessage("gradient(x) returned 1 values",
                () -> GradCheck.function(v -> v[0] + v[1], v -> new double[] {1}, 1, 2));
        assertMessage("layers count from 1", () -> check.layer(0));
        assertMessage("register a parameter", () -> GradCheck.of(() -> 0).layer(1));
        assertMessage("no parameter has a layer", GradCheck.function(v -> v[0], v -> new double[] {1}, 1)::localise);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void nonFiniteAnalyticGradientIsWrongNotAnError() {
        GradCheckReport report = GradCheck.function(v -> v[0] * v[0], v -> new double[] {Double.NaN}, 1.0);
        assertEquals(Verdict.WRONG, report.worst().verdict());
        assertFalse(report.passed());
    }

    @Test
    void directionalCheckUsesTwoEvaluationsAndCatchesAWrongGradient() {
        Quadratic q = new Quadratic();
        DirectionalCheck good = q.check().checkDirection(5);
        assertTrue(good.passed(), good::toString);
        assertEquals(2, good.evaluations());
        assertEquals(2, q.calls.get());
        assertEquals(23, good.dimension());
        assertEquals(good.numeric(), q.check().checkDirection(5).numeric(), 0.0);
        double[] doubled = q.dw();
        for (int k = 0; k < doubled.length; k++) {
            doubled[k] *= 2;
        }
        DirectionalCheck bad = GradCheck.of(q::loss).param("w", 4, 5, q.w, doubled).checkDirection(5);
        assertEquals(Verdict.WRONG, bad.verdict(), bad::toString);
    }

    @Test
    void directionalDerivativeMatchesTheGradientDotAUnitDirection() {
        // For a linear loss c . p the directional numeric derivative is c . d exactly (up to round-off),
        // and |c . d| <= |c| since d is a unit vector.
        double[] p = {0.1, 0.2, 0.3};
        double[] c = {3, -4, 12};
        DirectionalCheck check = GradCheck.of(() -> c[0] * p[0] + c[1] * p[1] + c[2] * p[2]).param("p", p, c)
                .checkDirection(9);
        assertEquals(check.analytic(), check.numeric(), 1e-9);
        assertTrue(Math.abs(check.analytic()) <= 13 + 1e-12);
    }

    @Test
    void reportTableListsEveryElementWorstFirst() {
        PlainNet net = new PlainNet(3, 3, 2, 3, 2);
        double[][] grads = net.gradients(PlainNet.Bug.ONE_ELEMENT, 2);
        GradCheckReport report = net.check(grads).check();
        Table table = Tables.of(report);
        assertEquals(net.parameterCount(), table.rowCount());
        assertEquals(List.of("parameter", "element", "layer", "analytic", "numeric", "relative error", "verdict",
                "kink"), table.columnNames());
        assertEquals("W(2)[1,0]", table.stringColumn("element").get(0));
        assertEquals("WRONG", table.stringColumn("verdict").get(0));
        double[] errors = table.doubleColumn("relative error").asDoubleArray();
        for (int i = 1; i < errors.length; i++) {
            assertTrue(errors[i - 1] >= errors[i]);
        }
        String text = report.toString();
        assertTrue(text.startsWith("Gradient check FAILED"), text);
        assertTrue(text.contains("worst: W(2)[1,0]"), text);
        assertTrue(text.contains("localisation: layer 2"), text);
        assertEquals(report.counts().values().stream().mapToInt(Integer::intValue).sum(), report.elements().size());
    }

    @Test
    void elementNamesFollowTheShape() {
        double[] s = {1};
        double[] v = {1, 2, 3};
        double[] row = {1, 2, 3};
        double[] m = {1, 2, 3, 4, 5, 6};
        GradCheckReport report = GradCheck.of(() -> s[0] + v[0] + row[0] + m[0])
                .param("x", s, new double[] {1}).param("b(1)", v, new double[] {1, 0, 0})
                .param("r", 1, 3, row, new double[] {1, 0, 0}).param("W(1)", 2, 3, m, new double[] {1, 0, 0, 0, 0, 0})
                .check();
        List<String> names = report.elements().stream().map(ElementCheck::element).sorted().toList();
        assertEquals(List.of("W(1)[0,0]", "W(1)[0,1]", "W(1)[0,2]", "W(1)[1,0]", "W(1)[1,1]", "W(1)[1,2]", "b(1)[0]",
                "b(1)[1]", "b(1)[2]", "r[0]", "r[1]", "r[2]", "x"), names);
        assertEquals(1, report.element("W(1)[1,2]").layer());
        assertEquals(0, report.element("x").layer());
    }

    @Test
    void functionNeverTouchesItsArgument() {
        double[] x = {0.3, 0.4};
        GradCheckReport report = GradCheck.function(v -> Math.hypot(v[0], v[1]),
                v -> new double[] {v[0] / Math.hypot(v[0], v[1]), v[1] / Math.hypot(v[0], v[1])}, x);
        assertTrue(report.passed(), report::toString);
        assertArrayEquals(new double[] {0.3, 0.4}, x);
    }

    @Test
    void relativeErrorUsesTheAbsoluteErrorBelowTheFloor() {
        assertEquals(0.5, RelativeError.of(1, 0.5), 0);
        assertEquals(RelativeError.of(2, 3), RelativeError.of(3, 2), 0);
        assertEquals(1e-9, RelativeError.of(1e-9, 0), 0, "both tiny: absolute error");
        assertEquals(1.0, RelativeError.of(1e-7, 0), 0, "above the floor: relative");
        assertEquals(Double.POSITIVE_INFINITY, RelativeError.of(Double.NaN, 1));
        assertEquals(Verdict.FINE, Verdict.of(1e-8));
        assertEquals(Verdict.ACCEPTABLE, Verdict.of(1e-5));
        assertEquals(Verdict.SUSPICIOUS, Verdict.of(1e-3));
        assertEquals(Verdict.WRONG, Verdict.of(0.5));
        assertEquals(Verdict.WRONG, Verdict.of(Double.NaN));
    }
}
