package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** A switch point within the step is flagged; smooth losses are not. */
class KinkTest {

    private static double relu(double a) {
        return Math.max(0, a);
    }

    @Test
    void reluEvaluatedJustRightOfItsKinkIsFlagged() {
        GradCheckReport report = GradCheck.ofFunction(x -> relu(x[0]), x -> new double[] {1}, 1e-7).step(1e-5)
                .check();
        ElementCheck e = report.worst();
        assertEquals(Kink.SLOPES_DISAGREE, e.kink(), report::toString);
        assertEquals(Verdict.WRONG, e.verdict(), "the central difference averages the slopes 0 and 1");
        assertTrue(e.explainedByKink(), "the analytic 1 is the right-hand slope");
        assertTrue(report.passed());
        assertEquals(Hint.KINK_CROSSED, report.hints().get(0));
        assertEquals(new GradCheckReport.Cost(1, 2, 2, 0), report.cost());
    }

    @Test
    void kinkDetectionCanBeSwitchedOff() {
        GradCheckReport report = GradCheck.ofFunction(x -> relu(x[0]), x -> new double[] {1}, 1e-7)
                .kinkDetection(false).diagnose(false).check();
        assertEquals(Kink.NONE, report.worst().kink());
        assertFalse(report.passed());
        assertEquals(3, report.evaluations());
        assertTrue(report.diagnoses().isEmpty());
    }

    @Test
    void kinkWithAWrongGradientStillFails() {
        GradCheckReport report = GradCheck.ofFunction(x -> relu(x[0]), x -> new double[] {3}, -1e-7).check();
        assertEquals(Kink.SLOPES_DISAGREE, report.worst().kink());
        assertFalse(report.passed(), report::toString);
    }

    @Test
    void maxOfTwoNearlyEqualInputsIsFlaggedForBoth() {
        GradCheckReport report = GradCheck.ofFunction(x -> Math.max(x[0], x[1]), x -> new double[] {1, 0},
                0.5 + 1e-7, 0.5).check();
        assertEquals(Kink.SLOPES_DISAGREE, report.element("x[0]").kink(), report::toString);
        assertEquals(Kink.SLOPES_DISAGREE, report.element("x[1]").kink(), report::toString);
        assertTrue(report.passed());
    }

    @Test
    void kinkProbeFlagsAPreActivationThatChangesSign() {
        // L = relu(w0 x0 + w1 x1) with the pre-activation 5e-7 above zero.
        double[] x = {2, -1};
        double[] w = {0.5, 1 - 5e-7};
        double[] gradient = {x[0], x[1]};
        GradCheckReport report = GradCheck.of(() -> relu(w[0] * x[0] + w[1] * x[1])).param("w", w, gradient)
                .kinkDetection(false)
                .kinkProbe(() -> new double[] {w[0] * x[0] + w[1] * x[1]})
                .check();
        assertEquals(Kink.PROBE_SWITCHED, report.element("w[0]").kink(), report::toString);
        assertEquals(Kink.PROBE_SWITCHED, report.element("w[1]").kink());
        assertEquals(3 + 2, report.evaluations(), "probes are not loss evaluations");

        w[1] = 0.3;
        GradCheckReport far = GradCheck.of(() -> relu(w[0] * x[0] + w[1] * x[1])).param("w", w, gradient)
                .kinkProbe(() -> new double[] {w[0] * x[0] + w[1] * x[1]}).check();
        assertTrue(far.elements().stream().allMatch(e -> e.kink() == Kink.NONE), far::toString);
    }

    @Test
    void reluFarFromItsKinkIsNotFlagged() {
        GradCheckReport report = GradCheck.function(x -> relu(x[0]) + relu(x[1]), x -> new double[] {1, 0}, 0.3, -0.2);
        assertTrue(report.elements().stream().allMatch(e -> e.kink() == Kink.NONE), report::toString);
        assertEquals(report.cost().kinkFollowUps(), 0);
    }

    /** Smooth functions with their derivatives, including x^2 at its minimum, where the slopes differ most. */
    private static final DoubleUnaryOperator[][] SMOOTH = {
        {x -> x * x, x -> 2 * x},
        {Math::exp, Math::exp},
        {Math::sin, Math::cos},
        {x -> 1 / (1 + Math.exp(-x)), x -> Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2)},
        {x -> x * x * x - 2 * x, x -> 3 * x * x - 2},
        {x -> Math.log(1 + x * x), x -> 2 * x / (1 + x * x)},
        {x -> 1e6 * x * x, x -> 2e6 * x},
    };

    @Property(tries = 300)
    void smoothFunctionsAreNeverFlagged(@ForAll @IntRange(min = 0, max = 6) int which,
            @ForAll @DoubleRange(min = -3, max = 3) double x, @ForAll @DoubleRange(min = -1, max = 1) @Scale(8) double u,
            @ForAll boolean nearZero) {
        DoubleUnaryOperator f = SMOOTH[which][0];
        DoubleUnaryOperator df = SMOOTH[which][1];
        // Near 0 the step h = 1e-5 reaches past the minimum of x^2 and 1e6 x^2.
        double at = nearZero ? 1e-5 * u : x;
        GradCheckReport report = GradCheck.function(v -> f.applyAsDouble(v[0]),
                v -> new double[] {df.applyAsDouble(v[0])}, at);
        assertEquals(Kink.NONE, report.worst().kink(), report::toString);
    }

    @Test
    void aKinkExplanationIsJudgedWithTheChecksOwnFloor() {
        // analytic 1e-6 vs a one-sided slope of 2e-6: relative error 0.5 with the default floor, but both lie
        // below a floor of 1e-5, where the absolute error 1e-6 counts, which is FINE
        ElementCheck tight = new ElementCheck("x", "x", 0, 0, 1e-6, 5e-6, 2e-6, 8e-6, 0.8, Verdict.WRONG,
                Kink.SLOPES_DISAGREE, RelativeError.DEFAULT_FLOOR);
        ElementCheck loose = new ElementCheck("x", "x", 0, 0, 1e-6, 5e-6, 2e-6, 8e-6, 0.8, Verdict.WRONG,
                Kink.SLOPES_DISAGREE, 1e-5);
        org.junit.jupiter.api.Assertions.assertFalse(tight.explainedByKink());
        org.junit.jupiter.api.Assertions.assertTrue(loose.explainedByKink());
    }
}
