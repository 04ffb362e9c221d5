package org.gradflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The five gradient-flow rules of the source text, each on a tiny graph. Every graph ends in
 * {@code L = 3 z}, so the gradient arriving at {@code z} is {@code dL/dz = 3} and each rule can be seen
 * transforming it.
 */
class GradientFlowRulesTest {

    private static final double DL_DZ = 3;

    private static Value loss(Value z) {
        return z.times(DL_DZ).label("L");
    }

    @Test
    void rule1AdditionBroadcastsTheGradientToEveryInput() {
        Value x = Value.of(1.5, "x");
        Value y = Value.of(-4, "y");
        Value w = Value.of(7, "w");
        Value z = x.plus(y).plus(w).label("z");
        loss(z).backward();
        assertEquals(DL_DZ, z.grad());
        assertEquals(DL_DZ, x.grad());
        assertEquals(DL_DZ, y.grad());
        assertEquals(DL_DZ, w.grad());
    }

    @Test
    void rule2MultiplicationByAConstantScalesTheGradient() {
        Value x = Value.of(0.25, "x");
        Value z = x.times(-4).label("z");
        loss(z).backward();
        assertEquals(-4 * DL_DZ, x.grad());
    }

    @Test
    void rule3MultiplicationSwapsTheInputs() {
        Value x = Value.of(2, "x");
        Value y = Value.of(-5, "y");
        Value z = x.times(y).label("z");
        loss(z).backward();
        assertEquals(y.value() * DL_DZ, x.grad(), "dL/dx = y dL/dz");
        assertEquals(x.value() * DL_DZ, y.grad(), "dL/dy = x dL/dz");
    }

    @Test
    void rule4MaxSwitchesTheGradientToTheLargerInput() {
        Value x = Value.of(2, "x");
        Value y = Value.of(5, "y");
        loss(x.max(y)).backward();
        assertEquals(0, x.grad());
        assertEquals(DL_DZ, y.grad());

        Value a = Value.of(6, "a");
        Value b = Value.of(5, "b");
        loss(a.max(b)).backward();
        assertEquals(DL_DZ, a.grad());
        assertEquals(0, b.grad());
    }

    @Test
    void maxTieGivesTheWholeGradientToTheFirstOperand() {
        Value x = Value.of(1.25, "x");
        Value y = Value.of(1.25, "y");
        loss(x.max(y)).backward();
        assertEquals(DL_DZ, x.grad());
        assertEquals(0, y.grad());

        Value u = Value.of(1.25, "u");
        Value v = Value.of(1.25, "v");
        loss(v.max(u)).backward();
        assertEquals(DL_DZ, v.grad());
        assertEquals(0, u.grad());
    }

    @Test
    void reluAtZeroHasGradientZeroAndElsewhereActsLikeMaxWithZero() {
        Value zero = Value.of(0.0, "x");
        loss(zero.relu()).backward();
        assertEquals(0, zero.grad(), "relu'(0) = 0");

        Value negative = Value.of(-0.5);
        Value positive = Value.of(0.5);
        loss(negative.relu()).backward();
        loss(positive.relu()).backward();
        assertEquals(0, negative.grad());
        assertEquals(DL_DZ, positive.grad());

        // relu(x) = max(0, x) with the constant first: the same tie convention.
        Value c = Value.of(0.0, "zero");
        Value x = Value.of(0.0, "x");
        loss(c.max(x)).backward();
        assertEquals(0, x.grad());
    }

    @Test
    void rule5SigmoidMultipliesTheGradientByZTimesOneMinusZ() {
        Value x = Value.of(0.8, "x");
        Value z = x.sigmoid().label("z");
        loss(z).backward();
        double s = z.value();
        assertEquals(s * (1 - s) * DL_DZ, x.grad(), 1e-15);
    }

    @Test
    void sigmoidGradientVanishesForLargeInputs() {
        Value big = Value.of(20);
        Value small = Value.of(-20);
        loss(big.sigmoid()).backward();
        loss(small.sigmoid()).backward();
        assertTrue(big.grad() < 1e-8 && big.grad() >= 0, "sigma'(20) * 3 = " + big.grad());
        assertTrue(small.grad() < 1e-8 && small.grad() > 0, "sigma'(-20) * 3 = " + small.grad());
        // and sigmoid stays finite and in (0, 1] far out, where e^-x overflows
        assertEquals(0, Value.of(-800).sigmoid().value(), 1e-300);
        assertEquals(1, Value.of(800).sigmoid().value());
    }

    @Test
    void theRulesTogetherOnAOneNeuronNetwork() {
        // z = sigma(w x + b), L = 3 z: the picture of the source text, computed by the rules by hand.
        double xv = 1.5;
        double wv = -0.5;
        double bv = 0.25;
        Value x = Value.of(xv, "x");
        Value w = Value.of(wv, "w");
        Value b = Value.of(bv, "b");
        Value a = w.times(x).plus(b).label("a");
        Value z = a.sigmoid().label("z");
        loss(z).backward();
        double s = 1 / (1 + Math.exp(-(wv * xv + bv)));
        double dLda = s * (1 - s) * DL_DZ; // rule 5
        assertEquals(dLda, a.grad(), 1e-15);
        assertEquals(dLda, b.grad(), 1e-15); // rule 1
        assertEquals(xv * dLda, w.grad(), 1e-15); // rule 3
        assertEquals(wv * dLda, x.grad(), 1e-15); // rule 3
    }
}
