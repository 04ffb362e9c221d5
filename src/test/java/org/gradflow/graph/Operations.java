package org.gradflow.graph;

import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The registry the operation tests and the property tests are generated from: each {@link Value}
 * operation with a reference formula for its value, its partial derivatives derived by hand, and the
 * region where finite differences are trustworthy (away from kinks and domain edges).
 */
final class Operations {

    interface Formula {
        double at(double x, double y);
    }

    interface Partials {
        /** {@code {dz/dx, dz/dy}}; for a unary operation only the first entry counts. */
        double[] at(double x, double y);
    }

    interface Safe {
        boolean at(double x, double y);
    }

    /**
     * One operation: {@code build} applies it to Values (unary ones ignore the second operand),
     * {@code value} and {@code partials} are the math written out independently of {@link Value}.
     */
    record Operation(String name, int arity, BinaryOperator<Value> build, Formula value, Partials partials,
            Safe safe) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final double KINK_MARGIN = 1e-2;

    static final List<Operation> ALL = List.of(
            new Operation("plus", 2, Value::plus, (x, y) -> x + y, (x, y) -> d(1, 1), (x, y) -> true),
            new Operation("plus 3", 1, (a, b) -> a.plus(3), (x, y) -> x + 3, (x, y) -> d(1, 0), (x, y) -> true),
            new Operation("times", 2, Value::times, (x, y) -> x * y, (x, y) -> d(y, x), (x, y) -> true),
            new Operation("times -2.5", 1, (a, b) -> a.times(-2.5), (x, y) -> -2.5 * x, (x, y) -> d(-2.5, 0),
                    (x, y) -> true),
            new Operation("minus", 2, Value::minus, (x, y) -> x - y, (x, y) -> d(1, -1), (x, y) -> true),
            new Operation("div", 2, Value::div, (x, y) -> x / y, (x, y) -> d(1 / y, -x / (y * y)),
                    (x, y) -> Math.abs(y) > 0.3),
            new Operation("neg", 1, (a, b) -> a.neg(), (x, y) -> -x, (x, y) -> d(-1, 0), (x, y) -> true),
            new Operation("max", 2, Value::max, Math::max, (x, y) -> x >= y ? d(1, 0) : d(0, 1),
                    (x, y) -> Math.abs(x - y) > KINK_MARGIN),
            new Operation("pow 2", 1, (a, b) -> a.pow(2), (x, y) -> x * x, (x, y) -> d(2 * x, 0), (x, y) -> true),
            new Operation("pow 3", 1, (a, b) -> a.pow(3), (x, y) -> x * x * x, (x, y) -> d(3 * x * x, 0),
                    (x, y) -> Math.abs(x) < 5),
            new Operation("pow 0.5", 1, (a, b) -> a.pow(0.5), (x, y) -> Math.sqrt(x),
                    (x, y) -> d(0.5 / Math.sqrt(x), 0), (x, y) -> x > 0.3),
            new Operation("pow -1", 1, (a, b) -> a.pow(-1), (x, y) -> 1 / x, (x, y) -> d(-1 / (x * x), 0),
                    (x, y) -> Math.abs(x) > 0.3),
            new Operation("exp", 1, (a, b) -> a.exp(), (x, y) -> Math.exp(x), (x, y) -> d(Math.exp(x), 0),
                    (x, y) -> x < 4),
            new Operation("log", 1, (a, b) -> a.log(), (x, y) -> Math.log(x), (x, y) -> d(1 / x, 0),
                    (x, y) -> x > 0.3),
            new Operation("sigmoid", 1, (a, b) -> a.sigmoid(), (x, y) -> 1 / (1 + Math.exp(-x)),
                    (x, y) -> d(Math.exp(-x) / ((1 + Math.exp(-x)) * (1 + Math.exp(-x))), 0), (x, y) -> true),
            new Operation("tanh", 1, (a, b) -> a.tanh(), (x, y) -> Math.tanh(x),
                    (x, y) -> d(1 / (Math.cosh(x) * Math.cosh(x)), 0), (x, y) -> true),
            new Operation("relu", 1, (a, b) -> a.relu(), (x, y) -> x > 0 ? x : 0, (x, y) -> d(x > 0 ? 1 : 0, 0),
                    (x, y) -> Math.abs(x) > KINK_MARGIN));

    private Operations() {
    }

    private static double[] d(double dzdx, double dzdy) {
        return new double[] {dzdx, dzdy};
    }
}
