package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Correct gradients pass on families of functions; a perturbed one fails, naming the perturbed element. */
class GradCheckPropertiesTest {

    @Property(tries = 200)
    void polynomialGradientsPass(@ForAll @IntRange(min = -3, max = 3) int a, @ForAll @IntRange(min = -3, max = 3) int b,
            @ForAll @IntRange(min = -3, max = 3) int c, @ForAll @DoubleRange(min = -2, max = 2) double x,
            @ForAll @DoubleRange(min = -2, max = 2) double y) {
        // f = a x^3 + b x y + c y^2 + 1
        GradCheckReport report = GradCheck.function(v -> a * v[0] * v[0] * v[0] + b * v[0] * v[1] + c * v[1] * v[1] + 1,
                v -> new double[] {3 * a * v[0] * v[0] + b * v[1], b * v[0] + 2 * c * v[1]}, x, y);
        assertTrue(report.passed(), report::toString);
        // 1 at p, 2 per element, and 2 more per element whose one-sided slopes differ (near a zero slope).
        assertEquals(5 + report.cost().kinkFollowUps(), report.evaluations());
        assertTrue(report.elements().stream().allMatch(e -> e.kink() == Kink.NONE), report::toString);
    }

    @Property(tries = 200)
    void expLogSigmoidGradientsPass(@ForAll @DoubleRange(min = 0.1, max = 3) double x,
            @ForAll @DoubleRange(min = -4, max = 4) double y, @ForAll @DoubleRange(min = -2, max = 2) double z) {
        // f = log(x) exp(z) + sigmoid(y z)
        GradCheckReport report = GradCheck.function(v -> Math.log(v[0]) * Math.exp(v[2]) + sigmoid(v[1] * v[2]), v -> {
            double s = sigmoid(v[1] * v[2]);
            return new double[] {Math.exp(v[2]) / v[0], s * (1 - s) * v[2],
                Math.log(v[0]) * Math.exp(v[2]) + s * (1 - s) * v[1]};
        }, x, y, z);
        assertTrue(report.passed(), report::toString);
    }

    @Property(tries = 30)
    void networkGradientPassesAndOneCorruptedElementIsNamed(@ForAll @IntRange(min = 0, max = 1000) int seed,
            @ForAll @IntRange(min = 0, max = 5) int block, @ForAll @DoubleRange(min = 0.05, max = 1) double bump) {
        PlainNet net = new PlainNet(seed, 3, 2, 4, 3, 2);
        double[][] grads = net.gradients(PlainNet.Bug.NONE, 0);
        assertTrue(net.check(grads).check().passed());
        int k = seed % grads[block].length;
        grads[block][k] += bump;
        GradCheckReport report = net.check(grads).check();
        assertFalse(report.passed());
        String name = (block < 3 ? "W(" + (block + 1) + ")" : "b(" + (block - 2) + ")");
        assertEquals(name, report.worst().parameter(), report::toString);
        assertEquals(k, report.worst().index());
        assertEquals(1, report.failures().size());
        assertEquals(block < 3 ? block + 1 : block - 2, report.localise().layer());
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
