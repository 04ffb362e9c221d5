package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The schedules compute their documented formulas and optimizers apply them. */
class ScheduleTest {

    @Test
    void constantIsOne() {
        for (int t : new int[] {0, 1, 1000}) {
            assertEquals(1.0, Schedule.constant().factor(t));
        }
    }

    @Test
    void stepMultipliesByGammaEveryFewSteps() {
        Schedule s = Schedule.step(10, 0.5);
        assertEquals(1.0, s.factor(0));
        assertEquals(1.0, s.factor(9));
        assertEquals(0.5, s.factor(10));
        assertEquals(0.25, s.factor(29));
        assertEquals(0.125, s.factor(30));
    }

    @Test
    void exponentialIsGammaToTheT() {
        Schedule s = Schedule.exponential(0.9);
        assertEquals(1.0, s.factor(0));
        assertEquals(0.9, s.factor(1), 1e-15);
        assertEquals(0.9 * 0.9 * 0.9, s.factor(3), 1e-15);
    }

    @Test
    void inverseTimeIsOneOverOnePlusKT() {
        Schedule s = Schedule.inverseTime(0.5);
        assertEquals(1.0, s.factor(0));
        assertEquals(1 / 1.5, s.factor(1), 1e-15);
        assertEquals(1 / 6.0, s.factor(10), 1e-15);
    }

    @Test
    void warmupRampsUpLinearlyThenStays() {
        Schedule s = Schedule.warmup(4);
        assertEquals(0.25, s.factor(0));
        assertEquals(0.75, s.factor(2));
        assertEquals(1.0, s.factor(3));
        assertEquals(1.0, s.factor(100));
    }

    @Test
    void timesMultipliesTheFactors() {
        Schedule s = Schedule.warmup(2).times(Schedule.exponential(0.5));
        assertEquals(0.5 * 1.0, s.factor(0));
        assertEquals(1.0 * 0.5, s.factor(1));
        assertEquals(0.25, s.factor(2));
        assertEquals("warmup(steps=2) * exponential(gamma=0.5)", s.toString());
    }

    @Test
    void optimizerUsesLrTimesFactorAndShowsTheSchedule() {
        Optimizer opt = new Momentum(0.1, 0.9).withSchedule(Schedule.inverseTime(1));
        assertEquals(0.1, opt.lr(0), 1e-15);
        assertEquals(0.05, opt.lr(1), 1e-15);
        assertEquals("Momentum(lr=0.1, beta=0.9, schedule=inverseTime(k=1))", opt.toString());
        assertEquals("Momentum(lr=0.1, beta=0.9)", new Momentum(0.1, 0.9).toString());
    }

    @Test
    void aScheduleThatGivesANonPositiveFactorFailsAtThatStep() {
        Optimizer opt = new GradientDescent(0.1).withSchedule(t -> 1 - t);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> opt.path(TestFunctions.SQUARE, new double[] {1}, 3));
        assertTrue(e.getMessage().contains("factor 0.0 at step 1"), e.getMessage());
    }

    @Test
    void badScheduleParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.step(10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Schedule.exponential(0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.exponential(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Schedule.inverseTime(-1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.warmup(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.exponential(2));
        assertTrue(e.getMessage().contains("Schedule.exponential: gamma = 2.0"), e.getMessage());
    }
}
