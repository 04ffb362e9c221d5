package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Correct gradients pass; broken ones are caught, the right element is named and the right cause given. */
class GradCheckTest {

    private static final PlainNet.Bug NO_BUG = PlainNet.Bug.NONE;

    private static PlainNet net() {
        return new PlainNet(11, 4, 3, 5, 4, 3);
    }

    private static GradCheckReport checkNet(PlainNet net, PlainNet.Bug bug, int layer) {
        return net.check(net.gradients(bug, layer)).check();
    }

    @Test
    void handDerivedNetworkGradientPassesOnEveryElement() {
        PlainNet net = net();
        GradCheckReport report = checkNet(net, NO_BUG, 0);
        assertTrue(report.passed(), report::toString);
        assertEquals(net.parameterCount(), report.elements().size());
        assertTrue(report.worst().relativeError() < Verdict.ACCEPTABLE.upperBound(), report::toString);
        assertTrue(report.diagnoses().isEmpty());
        assertFalse(report.localise().found());
    }

    @Test
    void signFlippedBlockIsCaughtAndNamed() {
        GradCheckReport report = checkNet(net(), PlainNet.Bug.DW_SIGN, 2);
        assertFalse(report.passed());
        assertEquals("W(2)", report.worst().parameter());
        assertTrue(report.failures().stream().allMatch(e -> e.parameter().equals("W(2)")));
        assertEquals(Hint.SIGN_FLIPPED, report.hints().get(0), report::toString);
    }

    @Test
    void factorTwoIsDetectedAsAConstantRatio() {
        GradCheckReport report = checkNet(net(), PlainNet.Bug.DW_TIMES_2, 1);
        assertFalse(report.passed());
        assertEquals("W(1)", report.worst().parameter());
        assertTrue(report.hints().contains(Hint.CONSTANT_FACTOR), report::toString);
        assertFalse(report.hints().contains(Hint.ANALYTIC_WRONG));
        Diagnosis d = report.diagnoses().get(report.hints().indexOf(Hint.CONSTANT_FACTOR));
        assertTrue(d.detail().contains("2 times too large"), d::detail);
        for (ElementCheck e : report.failures()) {
            assertEquals(2.0, e.ratio(), 1e-6);
        }
    }

    @Test
    void forgottenBatchMeanIsDetectedAsFactorB() {
        PlainNet net = net();
        GradCheckReport report = checkNet(net, PlainNet.Bug.DB_NO_MEAN, 3);
        assertEquals("b(3)", report.worst().parameter());
        Diagnosis d = report.diagnoses().get(report.hints().indexOf(Hint.CONSTANT_FACTOR));
        assertTrue(d.detail().contains(net.batch + " times too large"), d::detail);
    }

    @Test
    void halvedGradientIsReportedAsTooSmall() {
        GradCheckReport report = GradCheck.function(x -> x[0] * x[0] + x[1] * x[1] * x[1],
                x -> new double[] {x[0], 1.5 * x[1] * x[1]}, 0.8, -0.6);
        Diagnosis d = report.diagnoses().get(report.hints().indexOf(Hint.CONSTANT_FACTOR));
        assertTrue(d.detail().contains("2 times too small"), d::detail);
    }

    @Test
    void localisationNamesTheBatchSumWhenOnlyDbIsWrong() {
        Localisation where = checkNet(net(), PlainNet.Bug.DB_NO_MEAN, 2).localise();
        assertEquals(2, where.layer());
        assertEquals(List.of("b(2)"), where.wrong());
        assertEquals(List.of("W(2)"), where.correct());
        assertTrue(where.advice().contains("db(2) = Delta(2) summed over the batch"), where::toString);
    }

    @Test
    void oneWrongElementIsNamedWorstAndBlamedOnTheAnalyticGradient() {
        GradCheckReport report = checkNet(net(), PlainNet.Bug.ONE_ELEMENT, 2);
        assertEquals(1, report.failures().size(), report::toString);
        // ONE_ELEMENT adds 0.1 at row-major index n_1 = 5 of W(2), a 4 x 5 matrix: row 1, column 0.
        assertEquals("W(2)[1,0]", report.worst().element());
        assertEquals(Verdict.WRONG, report.worst().verdict());
        assertEquals(List.of(Hint.ANALYTIC_WRONG), report.hints(), report::toString);
    }

    @Test
    void missingTermIsCaughtWithTheErrorStayingLargeForEveryStep() {
        // f = x0^2 x1 + sin(x0); the analytic df/dx0 forgets cos(x0).
        GradCheckReport report = GradCheck.function(x -> x[0] * x[0] * x[1] + Math.sin(x[0]),
                x -> new double[] {2 * x[0] * x[1], x[0] * x[0]}, 0.7, -1.3);
        assertFalse(report.passed());
        assertEquals("x[0]", report.worst().element());
        assertEquals(Verdict.FINE, report.element("x[1]").verdict());
        assertEquals(List.of(Hint.ANALYTIC_WRONG), report.hints(), report::toString);
    }

    @Test
    void singleSignFlippedElementIsDiagnosed() {
        GradCheckReport report = GradCheck.function(x -> Math.exp(x[0]) + x[1] * x[1] * x[1],
                x -> new double[] {Math.exp(x[0]), -3 * x[1] * x[1]}, 0.2, 1.1);
        assertEquals("x[1]", report.worst().element());
        assertEquals(Hint.SIGN_FLIPPED, report.hints().get(0), report::toString);
    }

    @Test
    void localisationNamesTheWeightProductWhenOnlyDwIsWrong() {
        Localisation where = checkNet(net(), PlainNet.Bug.DW_TIMES_2, 2).localise();
        assertEquals(2, where.layer());
        assertEquals(List.of("W(2)"), where.wrong());
        assertEquals(List.of("b(2)"), where.correct());
        assertEquals(List.of(3), where.correctAbove());
        assertEquals(List.of(), where.wrongBelow());
        assertTrue(where.advice().contains("dW(2) = Delta(2) Z(1)^T"), where::toString);
        assertTrue(where.toString().startsWith("layer 2: dW(2) wrong, db(2) correct; layers 3..3 correct"),
                where::toString);
    }

    @Test
    void localisationNamesTheDeltaRecursionStepWhenDeltaIsWrong() {
        Localisation where = checkNet(net(), PlainNet.Bug.DELTA_WRONG_DERIVATIVE, 2).localise();
        assertEquals(2, where.layer(), where::toString);
        assertEquals(List.of("W(2)", "b(2)"), where.wrong());
        assertEquals(List.of(3), where.correctAbove());
        assertEquals(List.of(1), where.wrongBelow(), "a wrong Delta(2) spoils layer 1 too");
        assertTrue(where.advice().contains("delta recursion step from layer 3 to layer 2"), where::toString);
    }

    @Test
    void localisationPointsAtTheOutputDeltaForTheTopLayer() {
        PlainNet net = net();
        double[][] grads = net.gradients(NO_BUG, 0);
        grads[2][0] += 0.3;
        grads[5][1] -= 0.3;
        Localisation where = net.check(grads).check().localise();
        assertEquals(3, where.layer());
        assertTrue(where.advice().contains("Y - T"), where::toString);
        assertTrue(where.correctAbove().isEmpty());
    }

    @Test
    void explicitLayersOverrideNames() {
        double[] u = {0.3, -0.2};
        double[] v = {0.5};
        GradCheckReport report = GradCheck.of(() -> Math.tanh(u[0] * v[0]) + u[1] * v[0])
                .param("first", u, new double[] {v[0] * (1 - sq(Math.tanh(u[0] * v[0]))), v[0]}).layer(1)
                .param("second", v, new double[] {u[0] * (1 - sq(Math.tanh(u[0] * v[0]))) + 2 * u[1]}).layer(2)
                .check();
        Localisation where = report.localise();
        assertEquals(2, where.layer());
        assertEquals(List.of("second"), where.wrong());
    }

    @Test
    void singlePrecisionBreaksACheckThatPassesInDouble() {
        double[] x = {1.3, 0.4, -0.8, 2.1};
        double[] grad = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            grad[i] = Math.exp(x[i]);
        }
        java.util.function.DoubleSupplier loss = () -> {
            double s = 0;
            for (double v : x) {
                s += Math.exp(v);
            }
            return s;
        };
        assertTrue(GradCheck.of(loss).param("x", x, grad).check().passed());
        GradCheckReport single = GradCheck.of(loss).param("x", x, grad).singlePrecision().check();
        assertFalse(single.passed(), single::toString);
        assertEquals(Hint.SINGLE_PRECISION, single.hints().get(0));
        assertEquals(Precision.SINGLE, single.precision());
    }

    @Test
    void tinyStepIsDiagnosedAsRoundOff() {
        // A large constant in the loss makes round-off u |L| / h visible at h = 1e-13.
        GradCheckReport report = GradCheck.ofFunction(x -> 1000 + Math.exp(x[0]) * x[1],
                x -> new double[] {Math.exp(x[0]) * x[1], Math.exp(x[0])}, 0.5, 1.5).step(1e-13).check();
        assertFalse(report.passed(), report::toString);
        assertTrue(report.hints().contains(Hint.STEP_TOO_SMALL), report::toString);
        assertFalse(report.hints().contains(Hint.ANALYTIC_WRONG));
    }

    @Test
    void hugeStepIsDiagnosedAsTruncation() {
        GradCheckReport report = GradCheck.ofFunction(x -> Math.exp(3 * x[0]),
                x -> new double[] {3 * Math.exp(3 * x[0])}, 1.0).step(0.1).check();
        assertFalse(report.passed(), report::toString);
        assertEquals(List.of(Hint.STEP_TOO_LARGE), report.hints(), report::toString);
    }

    private static double sq(double v) {
        return v * v;
    }
}
