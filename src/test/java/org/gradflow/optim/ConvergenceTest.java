package org.gradflow.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule reaches the minimum of a convex quadratic and of a Rosenbrock-like valley. */
class ConvergenceTest {

    static Stream<Arguments> onQuadratic() {
        return Stream.of(
                Arguments.of((Supplier<Optimizer>) () -> new GradientDescent(0.15), 200),
                Arguments.of((Supplier<Optimizer>) () -> new Momentum(0.15, 0.9), 400),
                Arguments.of((Supplier<Optimizer>) () -> Momentum.pytorchStyle(0.015, 0.9), 400),
                Arguments.of((Supplier<Optimizer>) () -> new Nesterov(0.15, 0.9), 400),
                Arguments.of((Supplier<Optimizer>) () -> Nesterov.pytorchStyle(0.015, 0.9), 400),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(0.05), 1000),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(0.05, 0.9, 0.999, 1e-8, false), 1000),
                Arguments.of((Supplier<Optimizer>) () -> new RmsProp(0.05)
                        .withSchedule(Schedule.exponential(0.995)), 1000),
                Arguments.of((Supplier<Optimizer>) () -> new AdaGrad(0.5), 1000),
                Arguments.of((Supplier<Optimizer>) () -> new NormalizedGradient(0.2)
                        .withSchedule(Schedule.exponential(0.98)), 1000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onQuadratic")
    void reachesTheMinimumOfAConvexQuadratic(Supplier<Optimizer> make, int steps) {
        Optimizer opt = make.get();
        double[][] path = opt.path(TestFunctions.VALLEY, new double[] {2, 1}, steps);
        double[] end = path[steps];
        assertTrue(TestFunctions.distance(end, new double[] {0, 0}) < 1e-3, opt + " ended at "
                + end[0] + ", " + end[1]);
    }

    static Stream<Arguments> onRosenbrock() {
        return Stream.of(
                Arguments.of((Supplier<Optimizer>) () -> new GradientDescent(0.01), 5000),
                Arguments.of((Supplier<Optimizer>) () -> new Momentum(0.02, 0.9), 3000),
                Arguments.of((Supplier<Optimizer>) () -> Momentum.pytorchStyle(0.002, 0.9), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new Nesterov(0.02, 0.9), 3000),
                Arguments.of((Supplier<Optimizer>) () -> Nesterov.pytorchStyle(0.002, 0.9), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(0.02), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(0.02, 0.9, 0.999, 1e-8, false), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new RmsProp(0.01)
                        .withSchedule(Schedule.exponential(0.998)), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new AdaGrad(0.5), 3000),
                Arguments.of((Supplier<Optimizer>) () -> new NormalizedGradient(0.05)
                        .withSchedule(Schedule.exponential(0.995)), 3000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("onRosenbrock")
    void reachesTheMinimumOfARosenbrockValley(Supplier<Optimizer> make, int steps) {
        Optimizer opt = make.get();
        double[][] path = opt.path(TestFunctions.ROSENBROCK, new double[] {-1, 1.5}, steps);
        double[] end = path[steps];
        assertTrue(TestFunctions.distance(end, new double[] {1, 1}) < 1e-2, opt + " ended at "
                + end[0] + ", " + end[1]);
    }
}
