package org.gradflow.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes a {@link Value} depends on, in topological order (every node after all of its inputs, the
 * output last), with stable names and depths. {@link Value#backward()} walks this order backwards;
 * {@link Trace} and the graph picture ({@code org.gradflow.viz.GraphPicture}) list and draw it.
 *
 * <p>A node's id is {@code n} followed by its position in the order ({@code n0}, {@code n1}, ...). The
 * order is a depth-first post-order that visits inputs in operand order, so the same expression always
 * gives the same ids. A node's {@link #name(Value) name} is its label, or its id when it has none.
 *
 * <p>A {@code Graph} is a view of the nodes as they are: gradients read through it are the current ones.
 */
public final class Graph {

    private static final AtomicLong TRAVERSALS = new AtomicLong();

    private final List<Value> nodes;
    private final Map<Value, Integer> position;
    private final int[] depth;
    private final List<List<Value>> consumers;

    private Graph(List<Value> nodes) {
        this.nodes = Collections.unmodifiableList(nodes);
        this.position = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            position.put(nodes.get(i), i);
        }
        this.depth = new int[nodes.size()];
        this.consumers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            // Inputs come earlier in the order, so their depths are already known.
            for (Value x : nodes.get(i).inputs()) {
                int k = position.get(x);
                depth[i] = Math.max(depth[i], depth[k] + 1);
                List<Value> usedBy = consumers.get(k);
                if (usedBy.isEmpty() || usedBy.get(usedBy.size() - 1) != nodes.get(i)) {
                    usedBy.add(nodes.get(i));
                }
            }
        }
    }

    /** The graph of every node {@code output} depends on, {@code output} included. */
    public static Graph of(Value output) {
        return new Graph(topologicalOrder(output));
    }

    /** The graph of nodes already in topological order (as a backward pass walks them). */
    static Graph ofOrder(List<Value> order) {
        return new Graph(new ArrayList<>(order));
    }

    /**
     * The nodes reachable from {@code output} through {@link Value#inputs()}, each once, every node after
     * its inputs and {@code output} last. Iterative depth-first search: deep graphs cannot overflow the stack.
     *
     * <p>Like gradients, traversals are not thread-safe: do not walk graphs that share nodes from two
     * threads at once.
     */
    public static List<Value> topologicalOrder(Value output) {
        Objects.requireNonNull(output, "Graph.topologicalOrder: output is null");
        // Each traversal has its own number; a node stamped with it has been seen. This does the work of a
        // visited set without hashing, which matters for graphs of millions of nodes.
        long traversal = TRAVERSALS.incrementAndGet();
        List<Value> order = new ArrayList<>();
        // The path from the output to the node being explored, and for each node on it the inputs still to visit.
        Deque<Value> path = new ArrayDeque<>();
        Deque<Iterator<Value>> toVisit = new ArrayDeque<>();
        output.visit = traversal;
        path.push(output);
        toVisit.push(output.inputs().iterator());
        while (!path.isEmpty()) {
            Iterator<Value> next = toVisit.peek();
            if (next.hasNext()) {
                Value x = next.next();
                if (x.visit != traversal) {
                    x.visit = traversal;
                    path.push(x);
                    toVisit.push(x.inputs().iterator());
                }
            } else {
                toVisit.pop();
                order.add(path.pop());
            }
        }
        return order;
    }

    /** The nodes in topological order, output last. */
    public List<Value> nodes() {
        return nodes;
    }

    /** The node whose gradients {@link Value#backward()} would compute: the last one. */
    public Value output() {
        return nodes.get(nodes.size() - 1);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }

    /** The position of {@code node} in {@link #nodes()}. */
    public int indexOf(Value node) {
        Integer i = position.get(node);
        if (i == null) {
            throw new IllegalArgumentException("Graph: " + node + " is not part of the graph of " + output());
        }
        return i;
    }

    /** The stable id of {@code node}: {@code "n"} + its position in topological order. */
    public String id(Value node) {
        return "n" + indexOf(node);
    }

    /** The label of {@code node}, or its {@link #id(Value) id} when it has no label. */
    public String name(Value node) {
        return node.label().isEmpty() ? id(node) : node.label();
    }

    /** The length of the longest path from an input node to {@code node}: 0 for inputs. */
    public int depth(Value node) {
        return depth[indexOf(node)];
    }

    /** The nodes that use {@code node} as an input, each once, in topological order. */
    public List<Value> consumers(Value node) {
        return Collections.unmodifiableList(consumers.get(indexOf(node)));
    }

    /**
     * A gradient check of a {@link Value} graph: {@code backward()} against central differences of the loss in each
     * of the given input nodes. {@code loss} builds the graph anew from the inputs' current data (a forward pass);
     * the check sets the inputs in place to perturb them and puts them back. Elements are named by the inputs'
     * labels ({@code x[i]} for an input without one), so a failure names the input, e.g. {@code w(1)[0,1]}.
     * Computing the analytic gradient clears the inputs' gradients first; afterwards each input's {@code grad()} is
     * {@code dL/d input} at its (restored) data.
     *
     * <pre>{@code
     * GradCheckReport r = Graph.gradCheck(() -> loss(model, data), model.parameters()).check();
     * }</pre>
     */
    public static org.gradflow.check.GradCheck gradCheck(java.util.function.Supplier<Value> loss, List<Value> inputs) {
        Objects.requireNonNull(loss, "Graph.gradCheck: loss is null");
        Objects.requireNonNull(inputs, "Graph.gradCheck: inputs are null");
        double[] start = new double[inputs.size()];
        List<String> names = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Value v = Objects.requireNonNull(inputs.get(i), "Graph.gradCheck: input " + i + " is null");
            if (!v.isInput()) {
                throw new IllegalArgumentException("Graph.gradCheck: input " + i + " (" + v + ") was computed by "
                        + v.op() + "; check the gradient in input nodes made by Value.of");
            }
            start[i] = v.value();
            names.add(v.label());
        }
        return org.gradflow.check.GradCheck.ofNamedFunction(names, x -> {
            try {
                set(inputs, x);
                return loss.get().value();
            } finally {
                set(inputs, start);
            }
        }, x -> {
            try {
                set(inputs, x);
                Value L = loss.get();
                L.zeroGrad();
                for (Value v : inputs) {
                    v.zeroGradInPlace();
                }
                L.backward();
                return inputs.stream().mapToDouble(Value::grad).toArray();
            } finally {
                set(inputs, start);
            }
        }, start);
    }

    private static void set(List<Value> inputs, double[] x) {
        for (int i = 0; i < x.length; i++) {
            inputs.get(i).setInPlace(x[i]);
        }
    }

    /**
     * How gradflow's graph views (toString, traces, pictures) print a number: 4 significant digits,
     * without trailing zeros ({@code 0.7311}, {@code 2}, {@code -1.5e-05}).
     */
    public static String format(double x) {
        if (x == 0) {
            return "0";
        }
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        String s = String.format(Locale.ROOT, "%.4g", x);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }

    /** For example {@code Graph(7 nodes, output n6 = L)}. */
    @Override
    public String toString() {
        return "Graph(" + size() + " nodes, output " + id(output()) + " = " + name(output()) + ")";
    }
}
