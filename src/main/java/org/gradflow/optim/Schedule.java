package org.gradflow.optim;

/**
 * A learning-rate schedule: the factor by which an optimizer multiplies its base learning rate at step
 * {@code t} (counted from 0), so the step uses {@code lr_t = lr * factor(t)}.
 *
 * <p>The named pieces compose with {@link #times}: {@code Schedule.warmup(100).times(Schedule.exponential(0.99))}
 * ramps up over 100 steps while decaying by 1% a step. Any lambda {@code t -> ...} is a schedule too; the
 * optimizer rejects a factor that is not finite and positive when it reaches that step.
 */
@FunctionalInterface
public interface Schedule {

    /** The factor applied to the base learning rate at step {@code t >= 0}. */
    double factor(int t);

    /** {@code factor(t) = 1}: the learning rate is held fixed. */
    static Schedule constant() {
        return new Named("constant()", t -> 1.0);
    }

    /** {@code factor(t) = gamma^floor(t / every)}: multiply by {@code gamma} every {@code every} steps. */
    static Schedule step(int every, double gamma) {
        if (every <= 0) {
            throw new IllegalArgumentException("Schedule.step: every = " + every + "; it must be at least 1");
        }
        requireDecay("Schedule.step", gamma);
        return new Named("step(every=" + every + ", gamma=" + Optimizer.fmt(gamma) + ")",
                t -> Math.pow(gamma, t / every));
    }

    /** {@code factor(t) = gamma^t}: multiply by {@code gamma} every step. */
    static Schedule exponential(double gamma) {
        requireDecay("Schedule.exponential", gamma);
        return new Named("exponential(gamma=" + Optimizer.fmt(gamma) + ")", t -> Math.pow(gamma, t));
    }

    /**
     * {@code factor(t) = 1 / (1 + k t)}: the 1/t decay, shifted so that step 0 uses the base learning rate.
     */
    static Schedule inverseTime(double k) {
        if (!(k > 0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException("Schedule.inverseTime: k = " + k + "; it must be finite and positive");
        }
        return new Named("inverseTime(k=" + Optimizer.fmt(k) + ")", t -> 1.0 / (1.0 + k * t));
    }

    /** {@code factor(t) = min(1, (t + 1) / steps)}: a linear ramp up to the base learning rate. */
    static Schedule warmup(int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("Schedule.warmup: steps = " + steps + "; it must be at least 1");
        }
        return new Named("warmup(steps=" + steps + ")", t -> Math.min(1.0, (t + 1.0) / steps));
    }

    /** The product of two schedules: {@code factor(t) = this.factor(t) * other.factor(t)}. */
    default Schedule times(Schedule other) {
        Schedule self = this;
        return new Named(self + " * " + other, t -> self.factor(t) * other.factor(t));
    }

    private static void requireDecay(String op, double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(op + ": gamma = " + gamma + "; it must lie in (0, 1]");
        }
    }

    /** A schedule with a readable name, so that optimizers can print it. */
    final class Named implements Schedule {
        private final String name;
        private final Schedule rule;

        private Named(String name, Schedule rule) {
            this.name = name;
            this.rule = rule;
        }

        @Override
        public double factor(int t) {
            return rule.factor(t);
        }

        /** The formula's name and parameters, e.g. {@code exponential(gamma=0.99)}. */
        @Override
        public String toString() {
            return name;
        }
    }
}
