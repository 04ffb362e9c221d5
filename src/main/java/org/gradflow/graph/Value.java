package org.gradflow.graph;

import java.util.List;
import java.util.Objects;

/**
 * A scalar node of a computation graph: its forward value, the gradient {@code dL/d(this)} that
 * {@link #backward()} accumulates into it, the operation that made it and that operation's inputs.
 *
 * <p>Every operation below keeps its forward computation and its <em>local</em> backward rule side by
 * side: it computes {@code z} from its inputs and, on the next line, a small function that turns the
 * incoming gradient {@code dL/dz} into one gradient per input. The graph walk that chains these rules
 * (topological order, accumulation over every path) is written once, in {@link #backward()}.
 *
 * <p>The five gradient-flow rules of the source text are all here: addition broadcasts the gradient
 * ({@link #plus(Value)}), multiplication by a constant scales it ({@link #times(double)}), multiplication
 * swaps the inputs ({@link #times(Value)}), max switches it to the larger input ({@link #max(Value)}), and
 * the sigmoid multiplies it by {@code z(1-z)} ({@link #sigmoid()}).
 *
 * <p>Conventions at the kinks, where the derivative does not exist:
 * <ul>
 *   <li>{@code max(x, y)} with {@code x == y} gives the whole gradient to the first operand, {@code x}
 *       (this node), and none to {@code y};</li>
 *   <li>{@code relu(x) = max(0, x)} with the same rule, so at {@code x = 0} the gradient goes to the
 *       constant 0: {@code relu'(0) = 0}.</li>
 * </ul>
 *
 * <p>Math returns new nodes and never changes a node's value. Two things mutate, on purpose and by name:
 * {@link #backward()} and {@link #zeroGrad()} change gradients, and {@link #label(String)} names a node.
 * A value, a constant or a result that is NaN or infinite fails at once with a message naming the
 * operation and the values involved.
 */
public final class Value {

    /**
     * The local backward rule of one operation: from {@code dL/dz}, the gradient arriving at the
     * operation's output {@code z}, the gradients {@code dL/dx_i} it sends to each input, in input order.
     */
    @FunctionalInterface
    private interface LocalRule {
        double[] inputGradients(double dLdz);
    }

    private static final double NO_CONSTANT = Double.NaN;

    /** Final for computed nodes; an input node's data can change with {@link #setInPlace} (a parameter update). */
    private double data;
    /** The operation's symbol or name; with {@link #constant} it makes {@link #op()}. */
    private final String op;
    /** The constant of {@code plus(c)}, {@code times(k)}, {@code pow(p)}; NaN for other operations. */
    private final double constant;
    private final List<Value> inputs;
    private final LocalRule rule;
    private double grad;
    private String label = "";
    /** The gradient flowing into this node during the current backward pass only. */
    private double flowing;
    /** The number of the last graph traversal that reached this node (see {@link Graph#topologicalOrder}). */
    long visit;

    private Value(double data, String op, double constant, List<Value> inputs, LocalRule rule) {
        this.data = data;
        this.op = op;
        this.constant = constant;
        this.inputs = inputs;
        this.rule = rule;
    }

    // ---------------------------------------------------------------- factories

    /** An input node (a leaf) holding {@code data}, which must be finite. */
    public static Value of(double data) {
        if (!Double.isFinite(data)) {
            throw new IllegalArgumentException("Value.of: data is " + data + "; a value must be finite");
        }
        return new Value(data, "", NO_CONSTANT, List.of(), null);
    }

    /** An input node (a leaf) holding {@code data}, named {@code label} in traces and pictures. */
    public static Value of(double data, String label) {
        if (!Double.isFinite(data)) {
            throw new IllegalArgumentException("Value.of: data of '" + label + "' is " + data
                    + "; a value must be finite");
        }
        return of(data).label(label);
    }

    // ---------------------------------------------------------------- the one bookkeeping place

    /** Makes the output node of an operation; the only place where graph nodes are linked. */
    private static Value apply(String op, double z, LocalRule rule, Value... inputs) {
        return apply(op, NO_CONSTANT, z, rule, inputs);
    }

    /** Same, for an operation with a constant ({@code +c}, {@code *k}, {@code ^p}). */
    private static Value apply(String op, double constant, double z, LocalRule rule, Value... inputs) {
        if (!Double.isFinite(z)) {
            StringBuilder args = new StringBuilder();
            for (Value x : inputs) {
                args.append(args.length() == 0 ? "" : ", ").append(x.describe());
            }
            throw new ArithmeticException(opName(op, constant) + ": the result is " + z + " for input " + args
                    + "; every value in the graph must be finite");
        }
        return new Value(z, op, constant, List.of(inputs), rule);
    }

    /** The gradients of a local rule, one per input, in input order. */
    private static double[] grads(double... dLdx) {
        return dLdx;
    }

    // ---------------------------------------------------------------- operations

    /**
     * Sum: {@code z = x + y}. Rule 1, addition broadcasts: {@code dL/dx = dL/dz}, {@code dL/dy = dL/dz}.
     */
    public Value plus(Value other) {
        requireInput("plus", other);
        return apply("+", data + other.data, dLdz -> grads(dLdz, dLdz), this, other);
    }

    /** Sum with a constant: {@code z = x + c}, {@code dL/dx = dL/dz}. */
    public Value plus(double c) {
        requireConstant("plus", c);
        return apply("+", c, data + c, dLdz -> grads(dLdz), this);
    }

    /**
     * Product: {@code z = x y}. Rule 3, multiplication swaps the inputs:
     * {@code dL/dx = y dL/dz}, {@code dL/dy = x dL/dz}.
     */
    public Value times(Value other) {
        requireInput("times", other);
        double x = data;
        double y = other.data;
        return apply("*", x * y, dLdz -> grads(y * dLdz, x * dLdz), this, other);
    }

    /**
     * Product with a constant: {@code z = k x}. Rule 2, multiplication by a constant scales the
     * gradient: {@code dL/dx = k dL/dz}.
     */
    public Value times(double k) {
        requireConstant("times", k);
        return apply("*", k, k * data, dLdz -> grads(k * dLdz), this);
    }

    /** Difference: {@code z = x - y}, {@code dL/dx = dL/dz}, {@code dL/dy = -dL/dz}. */
    public Value minus(Value other) {
        requireInput("minus", other);
        return apply("-", data - other.data, dLdz -> grads(dLdz, -dLdz), this, other);
    }

    /**
     * Quotient: {@code z = x / y}, {@code dL/dx = dL/dz / y}, {@code dL/dy = -(z / y) dL/dz}.
     *
     * @throws ArithmeticException if {@code y == 0}
     */
    public Value div(Value other) {
        requireInput("div", other);
        double x = data;
        double y = other.data;
        if (y == 0) {
            throw new ArithmeticException("div: division by zero in " + describe() + " / "
                    + other.describe());
        }
        double z = x / y;
        return apply("/", z, dLdz -> grads(dLdz / y, -z / y * dLdz), this, other);
    }

    /** Difference with a constant: {@code z = x - c}, {@code dL/dx = dL/dz}. */
    public Value minus(double c) {
        requireConstant("minus", c);
        return apply("-", c, data - c, dLdz -> grads(dLdz), this);
    }

    /**
     * Quotient by a constant: {@code z = x / c}, {@code dL/dx = dL/dz / c}.
     *
     * @throws ArithmeticException if {@code c == 0}
     */
    public Value div(double c) {
        requireConstant("div", c);
        if (c == 0) {
            throw new ArithmeticException("div: division by zero in " + describe() + " / 0");
        }
        return apply("/", c, data / c, dLdz -> grads(dLdz / c), this);
    }

    /**
     * Absolute value: {@code z = |x|}, {@code dL/dx = sign(x) dL/dz}, with {@code sign(0) = 0} (the kink sends
     * nothing back, as ReLU's does).
     */
    public Value abs() {
        double sign = Math.signum(data);
        return apply("abs", Math.abs(data), dLdz -> grads(sign * dLdz), this);
    }

    /**
     * The sum of many values as one node: {@code z = x_1 + ... + x_n}, {@code dL/dx_i = dL/dz} for every i (an
     * input that appears twice gets both). One node instead of a chain of n - 1 additions.
     */
    public static Value sum(List<Value> values) {
        Objects.requireNonNull(values, "Value.sum: values are null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("Value.sum: no values to add (the empty sum has no node to"
                    + " take gradients at; use Value.of(0) for it)");
        }
        double z = 0;
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            if (v == null) {
                throw new IllegalArgumentException("Value.sum: value " + i + " of " + values.size() + " is null");
            }
            z += v.data;
        }
        int n = values.size();
        return apply("sum", z, dLdz -> {
            double[] g = new double[n];
            java.util.Arrays.fill(g, dLdz);
            return g;
        }, values.toArray(new Value[0]));
    }

    /** Negation: {@code z = -x}, {@code dL/dx = -dL/dz}. */
    public Value neg() {
        return apply("neg", -data, dLdz -> grads(-dLdz), this);
    }

    /**
     * Maximum: {@code z = max(x, y)}. Rule 4, max switches the gradient to the larger input:
     * {@code dL/dx = dL/dz} if {@code x >= y}, else 0; {@code dL/dy} the other way round. On a tie
     * ({@code x == y}) the whole gradient goes to the first operand, this node.
     */
    public Value max(Value other) {
        requireInput("max", other);
        boolean xWins = data >= other.data;
        return apply("max", xWins ? data : other.data,
                dLdz -> xWins ? grads(dLdz, 0) : grads(0, dLdz), this, other);
    }

    /**
     * Power with a constant exponent: {@code z = x^p}, {@code dL/dx = p x^(p-1) dL/dz}
     * (and 0 when {@code p == 0}).
     *
     * @throws IllegalArgumentException if {@code x^p} is not a real number (negative {@code x},
     *         non-integer {@code p})
     * @throws ArithmeticException      if {@code x == 0} and {@code p < 0}
     */
    public Value pow(double p) {
        requireConstant("pow", p);
        double x = data;
        if (x == 0 && p < 0) {
            throw new ArithmeticException("pow: division by zero in " + describe() + " ^ " + Graph.format(p));
        }
        double z = Math.pow(x, p);
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("pow: " + describe() + " ^ " + Graph.format(p)
                    + " is not a real number (a negative base needs an integer exponent)");
        }
        return apply("^", p, z,
                dLdz -> grads(p == 0 ? 0 : p * Math.pow(x, p - 1) * dLdz), this);
    }

    /** Exponential: {@code z = e^x}, {@code dL/dx = z dL/dz} (the output is what backward needs). */
    public Value exp() {
        double z = Math.exp(data);
        return apply("exp", z, dLdz -> grads(z * dLdz), this);
    }

    /**
     * Natural logarithm: {@code z = ln x}, {@code dL/dx = dL/dz / x}.
     *
     * @throws IllegalArgumentException if {@code x <= 0}
     */
    public Value log() {
        double x = data;
        if (x <= 0) {
            throw new IllegalArgumentException("log: input must be > 0, got " + describe());
        }
        return apply("log", Math.log(x), dLdz -> grads(dLdz / x), this);
    }

    /**
     * Logistic sigmoid: {@code z = 1 / (1 + e^-x)}. Rule 5: {@code dL/dx = z (1 - z) dL/dz}, which
     * vanishes when {@code |x|} is large.
     */
    public Value sigmoid() {
        double x = data;
        // Written so that e^(-x) never overflows for large negative x.
        double z = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        return apply("sigmoid", z, dLdz -> grads(z * (1 - z) * dLdz), this);
    }

    /** Hyperbolic tangent: {@code z = tanh x}, {@code dL/dx = (1 - z^2) dL/dz}. */
    public Value tanh() {
        double z = Math.tanh(data);
        return apply("tanh", z, dLdz -> grads((1 - z * z) * dLdz), this);
    }

    /**
     * Rectified linear unit: {@code z = max(0, x)}, {@code dL/dx = dL/dz} if {@code x > 0}, else 0
     * (so {@code relu'(0) = 0}, the tie convention of {@link #max(Value)} with the constant first).
     */
    public Value relu() {
        boolean on = data > 0;
        return apply("relu", on ? data : 0, dLdz -> grads(on ? dLdz : 0), this);
    }

    // ---------------------------------------------------------------- backward pass

    /**
     * Backpropagation from this node: adds {@code dL/dv} to the gradient of every node {@code v} it
     * depends on, where {@code L} is this node (seeded with {@code dL/dL = 1}). Gradients accumulate:
     * calling it twice adds twice; call {@link #zeroGrad()} to start again.
     *
     * <p>The walk is iterative over {@link Graph#topologicalOrder(Value)}, output first, so a chain of
     * millions of nodes does not overflow the stack. When several paths lead to a node, their gradients
     * add: {@code dL/dv = sum over consumers c of (dL/dc)(dc/dv)}.
     *
     * @throws ArithmeticException if a gradient becomes NaN or infinite (named with the node it left)
     */
    public void backward() {
        Pass pass = new Pass(this);
        for (Value z = pass.next(); z != null; z = pass.next()) {
            Pass.send(z);
        }
        pass.addToGradients();
    }

    /**
     * One backward pass from an output, a step at a time: the walk of {@link #backward()}, open to
     * {@link BackwardWalk} so that the steps it records are the steps {@code backward()} takes, with the
     * same order and the same local rules. A pass changes no {@link #grad()} until
     * {@link #addToGradients()}; what it accumulates meanwhile is {@link #flowing(Value)}.
     */
    static final class Pass {
        private final List<Value> order;
        private int next;

        /** Starts a pass: {@code dL/dv = 0} for every node, {@code dL/dL = 1} at the output. */
        Pass(Value output) {
            order = Graph.topologicalOrder(output);
            for (Value v : order) {
                v.flowing = 0;
            }
            output.flowing = 1;
            next = order.size() - 1;
        }

        /** The nodes of the pass in topological order, the output last. */
        List<Value> order() {
            return order;
        }

        /**
         * The next node whose local rule runs, in reverse topological order (the output first), or null
         * when the pass is over. Input nodes have no rule and are passed over. When a node comes up, every
         * node that uses it has been stepped, so its {@link #flowing(Value)} gradient is complete.
         */
        Value next() {
            while (next >= 0 && order.get(next).rule == null) {
                next--;
            }
            return next < 0 ? null : order.get(next--);
        }

        /** {@code dL/dv} as accumulated by this pass so far. */
        static double flowing(Value v) {
            return v.flowing;
        }

        /**
         * The step at {@code z}: runs its local rule on {@code dL/dz} and adds the result into its inputs,
         * {@code x_k.flowing += dL/dx_k}; returns those gradients, one per input, in input order.
         */
        static double[] send(Value z) {
            double[] dLdx = z.rule.inputGradients(z.flowing);
            for (int k = 0; k < dLdx.length; k++) {
                if (!Double.isFinite(dLdx[k])) {
                    throw new ArithmeticException("backward: the gradient sent by " + z.describe()
                            + " (op " + z.op() + ") to its input " + z.inputs.get(k).describe() + " is " + dLdx[k]);
                }
                z.inputs.get(k).flowing += dLdx[k];
            }
            return dLdx;
        }

        /**
         * The local derivatives {@code dz/dx_k} of {@code z}, one per input: its local rule run on
         * {@code dL/dz = 1} (every local rule is linear in {@code dL/dz}).
         */
        static double[] localDerivatives(Value z) {
            return z.rule.inputGradients(1);
        }

        /** The operation's symbol without its constant ({@code "*"} for both {@code x * y} and {@code 0.5 x}). */
        static String symbol(Value z) {
            return z.op;
        }

        /** The constant of {@code +c}, {@code *k}, {@code ^p}; NaN for an operation without one. */
        static double constant(Value z) {
            return z.constant;
        }

        /** Ends {@link #backward()}: {@code grad += dL/dv} for every node of the pass. */
        void addToGradients() {
            for (Value v : order) {
                v.grad += v.flowing;
            }
        }
    }

    /** Sets the gradient of this node and of every node it depends on back to 0. */
    public void zeroGrad() {
        for (Value v : Graph.topologicalOrder(this)) {
            v.grad = 0;
        }
    }

    // ---------------------------------------------------------------- parameter updates

    /**
     * Sets an input node's data in place: the update of a parameter, {@code p.setInPlace(p.value() - lr * p.grad())}
     * (micrograd's {@code p.data -= lr * p.grad}). Nodes computed from it earlier keep their old values; build the
     * graph again (a new forward pass) after updating. Only input nodes can be set: a computed node's value is
     * its operation's result.
     *
     * @throws IllegalStateException for a computed node
     * @throws IllegalArgumentException if {@code data} is NaN or infinite
     */
    public void setInPlace(double data) {
        if (!isInput()) {
            throw new IllegalStateException("Value.setInPlace: " + describe() + " was computed by " + op()
                    + "; only input nodes (parameters made by Value.of) can be set");
        }
        if (!Double.isFinite(data)) {
            throw new IllegalArgumentException("Value.setInPlace: new data of " + describe() + " is " + data
                    + "; a value must be finite");
        }
        this.data = data;
    }

    /** Sets this node's own gradient to 0 (not those of the nodes it depends on; see {@link #zeroGrad()}). */
    public void zeroGradInPlace() {
        grad = 0;
    }

    // ---------------------------------------------------------------- accessors

    /** The forward value of this node. */
    public double value() {
        return data;
    }

    /** The accumulated gradient {@code dL/d(this)} of the outputs {@link #backward()} was called on. */
    public double grad() {
        return grad;
    }

    /** The name given with {@link #of(double, String)} or {@link #label(String)}; empty if none. */
    public String label() {
        return label;
    }

    /**
     * Names this node (for traces, pictures and {@link #toString()}) and returns it, so that
     * {@code x.times(w).label("a")} reads like the math. Naming changes no value or gradient.
     */
    public Value label(String name) {
        this.label = Objects.requireNonNull(name, "Value.label: name is null");
        return this;
    }

    /**
     * The operation that made this node: {@code "+"}, {@code "*"}, {@code "-"}, {@code "/"}, {@code "neg"},
     * {@code "max"}, {@code "exp"}, {@code "log"}, {@code "sigmoid"}, {@code "tanh"}, {@code "relu"}, or
     * with its constant: {@code "+3"}, {@code "*0.5"}, {@code "^2"}. Empty for an input node.
     */
    public String op() {
        return opName(op, constant);
    }

    /** The name with its constant; formatted only when asked for, since formatting is slow. */
    private static String opName(String op, double constant) {
        return Double.isNaN(constant) ? op : op + Graph.format(constant);
    }

    /** The nodes this one was computed from (its parents in the graph), in operand order; empty for an input. */
    public List<Value> inputs() {
        return inputs;
    }

    /** Whether this is an input node (made by {@link #of(double)}), with no operation and no inputs. */
    public boolean isInput() {
        return rule == null;
    }

    /** For example {@code Value(data=0.7311, grad=0.1966, op=sigmoid, label=z)}. */
    @Override
    public String toString() {
        return "Value(data=" + Graph.format(data) + ", grad=" + Graph.format(grad)
                + (op.isEmpty() ? "" : ", op=" + op())
                + (label.isEmpty() ? "" : ", label=" + label) + ")";
    }

    // ---------------------------------------------------------------- checks

    /** {@code "label = value"} or just the value, for error messages. */
    private String describe() {
        return label.isEmpty() ? Graph.format(data) : label + " = " + Graph.format(data);
    }

    private void requireInput(String operation, Value other) {
        if (other == null) {
            throw new IllegalArgumentException(operation + ": the other operand is null (this is "
                    + describe() + ")");
        }
    }

    private void requireConstant(String operation, double c) {
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException(operation + ": the constant is " + c + " (applied to "
                    + describe() + "); constants must be finite");
        }
    }
}
