package org.gradflow.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The backward pass of {@link Value#backward()} written out step by step, for a learner to read or to watch
 * (the stepper of {@code org.gradflow.viz.BackwardStepper} draws one picture per step).
 *
 * <p>The pass seeds the output with {@code dL/dL = 1}, then visits the operations in reverse topological
 * order. At each node {@code z} it runs {@code z}'s local rule on {@code dL/dz} and adds one contribution into
 * each input: {@code x.grad += (dz/dx) dL/dz}. A node used by two operations receives two {@code +=}, one
 * from each. Each step is recorded with the rule written out and the numbers filled in:
 *
 * <pre>
 * Value x = Value.of(2, "x"), y = Value.of(3, "y");
 * Value L = x.times(y).label("m").plus(x).label("L");
 * BackwardWalk.of(L)  prints
 *
 * backward walk of L (2 steps; L.grad = 1 to start)
 * step 1: L = m + x, L.grad = 1
 *   m.grad += L.grad = 1
 *   x.grad += L.grad = 1
 * step 2: m = x * y, m.grad = 1
 *   x.grad += y * m.grad = 3 * 1 = 3, now x.grad = 1 + 3 = 4
 *   y.grad += x * m.grad = 2 * 1 = 2
 * </pre>
 *
 * <p>The steps are the steps {@code backward()} takes: the same order and the same local rules (the numbers
 * are what {@code Value}'s own rules return, not a second copy of the derivatives). Making a walk changes no
 * {@link Value#grad()}; its gradients, {@link #gradient(Value)}, are those of one {@code backward()} call from
 * zero.
 */
public final class BackwardWalk {

    /**
     * What one step adds into one input of the node: {@code input.grad += localDerivative * dL/dz}.
     *
     * @param input           the input node receiving the gradient
     * @param inputName       its name in the graph (label, or id such as {@code n2})
     * @param localDerivative the local derivative {@code dz/d input} as a formula, e.g. {@code "y"} or
     *                        {@code "z * (1 - z)"}
     * @param localValue      its value
     * @param added           the gradient added, {@code dL/d input} through this node
     * @param gradBefore      the input's gradient in this pass before the addition
     * @param gradAfter       after it: {@code gradBefore + added}
     * @param rule            the rule with the numbers filled in, e.g.
     *                        {@code "x.grad += y * z.grad = 3 * 1 = 3"}
     */
    public record Contribution(Value input, String inputName, String localDerivative, double localValue,
                               double added, double gradBefore, double gradAfter, String rule) {
    }

    /**
     * One step of the pass: the node whose local rule runs, and what it adds into each of its inputs.
     *
     * @param number        1 for the output, counting on in the order of the pass
     * @param node          the node
     * @param name          its name in the graph
     * @param equation      its forward equation with input names, e.g. {@code "z = x * y"}
     * @param grad          {@code dL/d node}, complete when the step runs (every consumer has sent its part)
     * @param contributions one per input, in operand order ({@code x * x} has two, both into {@code x})
     */
    public record Step(int number, Value node, String name, String equation, double grad,
                       List<Contribution> contributions) {

        /** The step as text: the equation and {@code dL/d node}, then one line per contribution. */
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("step " + number + ": " + equation + ", " + name + ".grad = "
                    + Graph.format(grad));
            for (Contribution c : contributions) {
                s.append("\n  ").append(c.rule());
            }
            return s.toString();
        }
    }

    private final Graph graph;
    private final List<Step> steps;
    private final double[] gradients;

    private BackwardWalk(Graph graph, List<Step> steps, double[] gradients) {
        this.graph = graph;
        this.steps = Collections.unmodifiableList(steps);
        this.gradients = gradients;
    }

    /** The backward pass from {@code output}, recorded step by step; no node's {@code grad()} changes. */
    public static BackwardWalk of(Value output) {
        Objects.requireNonNull(output, "BackwardWalk.of: output is null");
        Value.Pass pass = new Value.Pass(output);
        Graph graph = Graph.ofOrder(pass.order());
        List<Step> steps = new ArrayList<>();
        for (Value z = pass.next(); z != null; z = pass.next()) {
            List<Value> inputs = z.inputs();
            double dLdz = Value.Pass.flowing(z);
            double[] before = new double[inputs.size()];
            for (int k = 0; k < before.length; k++) {
                before[k] = Value.Pass.flowing(inputs.get(k));
            }
            double[] local = Value.Pass.localDerivatives(z);
            double[] sent = Value.Pass.send(z);
            List<Contribution> contributions = new ArrayList<>();
            for (int k = 0; k < sent.length; k++) {
                double gradBefore = before[k];
                for (int j = 0; j < k; j++) {
                    if (inputs.get(j) == inputs.get(k)) {
                        gradBefore += sent[j]; // x * x: the second operand adds after the first
                    }
                }
                String inputName = graph.name(inputs.get(k));
                String formula = localDerivative(graph, z, k);
                contributions.add(new Contribution(inputs.get(k), inputName, formula, local[k], sent[k],
                        gradBefore, gradBefore + sent[k],
                        rule(inputName, graph.name(z), formula, local[k], dLdz, sent[k], gradBefore)));
            }
            steps.add(new Step(steps.size() + 1, z, graph.name(z), equation(graph, z), dLdz,
                    List.copyOf(contributions)));
        }
        double[] gradients = new double[graph.size()];
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = Value.Pass.flowing(graph.nodes().get(i));
        }
        return new BackwardWalk(graph, steps, gradients);
    }

    /** The graph walked, its nodes in topological order (the pass runs through it from the end). */
    public Graph graph() {
        return graph;
    }

    /** The steps, output first; input nodes have no local rule and no step. */
    public List<Step> steps() {
        return steps;
    }

    /** {@code dL/dv} at the end of the pass (what one {@link Value#backward()} from zero leaves in {@code v}). */
    public double gradient(Value v) {
        return gradients[graph.indexOf(v)];
    }

    /**
     * The gradient of every node (in {@link Graph#nodes()} order) after the first {@code taken} steps:
     * {@code 0} gives the seed alone ({@code dL/dL = 1}, every other node 0), {@code steps().size()} the
     * gradients of the whole pass.
     */
    public double[] gradientsAfter(int taken) {
        if (taken < 0 || taken > steps.size()) {
            throw new IllegalArgumentException("BackwardWalk.gradientsAfter: " + taken + " steps asked for; the walk has "
                    + steps.size() + " (0 gives the seed alone)");
        }
        double[] g = new double[graph.size()];
        g[graph.size() - 1] = 1;
        for (Step step : steps.subList(0, taken)) {
            for (Contribution c : step.contributions()) {
                g[graph.indexOf(c.input())] += c.added();
            }
        }
        return g;
    }

    /** The heading and every step, as in the class comment. */
    @Override
    public String toString() {
        String out = graph.name(graph.output());
        StringBuilder s = new StringBuilder("backward walk of " + out + " (" + steps.size() + " steps; " + out
                + ".grad = 1 to start)");
        for (Step step : steps) {
            s.append('\n').append(step);
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- the rules written out

    /** {@code "z = x * y"}, {@code "z = 0.5 * x"}, {@code "z = sigmoid(x)"}, ... */
    static String equation(Graph graph, Value z) {
        String symbol = Value.Pass.symbol(z);
        double c = Value.Pass.constant(z);
        String a = graph.name(z.inputs().get(0));
        String b = z.inputs().size() > 1 ? graph.name(z.inputs().get(1)) : null;
        String right;
        if (!Double.isNaN(c)) {
            right = switch (symbol) {
                case "*" -> constant(c) + " * " + a;
                case "^" -> a + "^" + constant(c);
                default -> a + " " + symbol + " " + constant(c);
            };
        } else if (b != null && !symbol.equals("max")) {
            right = a + " " + symbol + " " + b;
        } else if (symbol.equals("neg")) {
            right = "-" + a;
        } else {
            right = symbol + "(" + a + (b == null ? "" : ", " + b) + ")";
        }
        return graph.name(z) + " = " + right;
    }

    /** The local derivative {@code dz/dx_k} as a formula in the names of the graph. */
    static String localDerivative(Graph graph, Value z, int k) {
        String symbol = Value.Pass.symbol(z);
        double c = Value.Pass.constant(z);
        String out = graph.name(z);
        String a = graph.name(z.inputs().get(0));
        String b = z.inputs().size() > 1 ? graph.name(z.inputs().get(1)) : "";
        boolean first = k == 0;
        return switch (symbol) {
            case "+" -> "1";
            case "-" -> first ? "1" : "-1";
            case "*" -> Double.isNaN(c) ? (first ? b : a) : constant(c);
            case "/" -> first ? "1/" + b : "-" + out + "/" + b;
            case "neg" -> "-1";
            case "max" -> first ? "[" + a + " >= " + b + "]" : "[" + a + " < " + b + "]";
            case "^" -> constant(c) + " * " + a + "^" + constant(c - 1);
            case "exp" -> out;
            case "log" -> "1/" + a;
            case "sigmoid" -> out + " * (1 - " + out + ")";
            case "tanh" -> "1 - " + out + "^2";
            case "relu" -> "[" + a + " > 0]";
            default -> "d" + out + "/d" + (first ? a : b);
        };
    }

    /** {@code "x.grad += y * z.grad = 3 * 1 = 3"}, and the new total when the input already had a gradient. */
    static String rule(String input, String out, String formula, double local, double dLdz, double added,
                       double before) {
        StringBuilder s = new StringBuilder(input).append(".grad += ");
        if (formula.equals("1")) {
            s.append(out).append(".grad = ").append(Graph.format(added));
        } else if (formula.equals("-1")) {
            s.append('-').append(out).append(".grad = ").append(Graph.format(added));
        } else {
            String factor = formula.contains(" ") && !formula.startsWith("[") ? "(" + formula + ")" : formula;
            s.append(factor).append(" * ").append(out).append(".grad = ").append(Graph.format(local)).append(" * ")
                    .append(constant(dLdz)).append(" = ").append(Graph.format(added));
        }
        if (before != 0) {
            s.append(", now ").append(input).append(".grad = ").append(Graph.format(before)).append(" + ")
                    .append(constant(added)).append(" = ").append(Graph.format(before + added));
        }
        return s.toString();
    }

    /** A number as a term: negative ones in parentheses. */
    private static String constant(double c) {
        return c < 0 ? "(" + Graph.format(c) + ")" : Graph.format(c);
    }
}
