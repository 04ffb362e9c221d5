package org.gradflow.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A snapshot of a computation graph: for each node, in topological order (inputs first, the output last),
 * its id, label, operation, inputs, forward value and gradient. Run {@link Value#backward()} first to see
 * the gradients; the trace copies them when it is made.
 *
 * <p>{@link #rows()} gives the rows as plain records with the columns {@code node}, {@code label}, {@code op},
 * {@code inputs}, {@code value}, {@code grad} ({@code org.gradflow.viz.Tables.of(trace)} makes them a table);
 * {@link #toString()} the same rows as aligned text:
 *
 * <pre>
 * Value x = Value.of(0.5, "x"), w = Value.of(-2, "w");
 * Value z = x.times(w).sigmoid().label("z");
 * z.backward();
 * Trace.of(z)  prints
 *
 * trace of z (4 nodes, inputs first; grad = dz/d node)
 * node  label  op       inputs  value   grad
 * n0    x                       0.5     -0.3932
 * n1    w                       -2      0.09831
 * n2           *        n0, n1  -1      0.1966
 * n3    z      sigmoid  n2      0.2689  1
 * </pre>
 */
public final class Trace {

    /** The column names of the rows, in order. */
    public static final List<String> COLUMNS = List.of("node", "label", "op", "inputs", "value", "grad");

    private final String outputName;
    private final List<String> node = new ArrayList<>();
    private final List<String> label = new ArrayList<>();
    private final List<String> op = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final double[] value;
    private final double[] grad;

    private Trace(Graph graph) {
        int n = graph.size();
        value = new double[n];
        grad = new double[n];
        for (int i = 0; i < n; i++) {
            Value v = graph.nodes().get(i);
            node.add(graph.id(v));
            label.add(v.label());
            op.add(v.op());
            inputs.add(v.inputs().stream().map(graph::id).collect(Collectors.joining(", ")));
            value[i] = v.value();
            grad[i] = v.grad();
        }
        outputName = graph.name(graph.output());
    }

    /** The trace of every node {@code output} depends on, with their current values and gradients. */
    public static Trace of(Value output) {
        Objects.requireNonNull(output, "Trace.of: output is null");
        return new Trace(Graph.of(output));
    }

    /** The number of rows (nodes). */
    public int size() {
        return value.length;
    }

    /**
     * One node of the trace.
     *
     * @param node   its id ({@code n0}, {@code n1}, ...)
     * @param label  its label, empty if none
     * @param op     its operation, empty for an input
     * @param inputs the ids of its inputs, comma-separated
     * @param value  its forward value
     * @param grad   {@code d output / d node}
     */
    public record Row(String node, String label, String op, String inputs, double value, double grad) {
    }

    /** The rows, one per node in topological order (inputs first, the output last). */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            rows.add(new Row(node.get(i), label.get(i), op.get(i), inputs.get(i), value[i], grad[i]));
        }
        return rows;
    }

    /** The name of the output node (its label, or its id). */
    public String outputName() {
        return outputName;
    }

    /** The rows as aligned text, numbers printed with {@link Graph#format(double)}. */
    @Override
    public String toString() {
        List<List<String>> columns = List.of(node, label, op, inputs, formatted(value), formatted(grad));
        int[] width = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            width[c] = COLUMNS.get(c).length();
            for (String cell : columns.get(c)) {
                width[c] = Math.max(width[c], cell.length());
            }
        }
        StringBuilder text = new StringBuilder("trace of " + outputName + " (" + size()
                + " nodes, inputs first; grad = d" + outputName + "/d node)\n");
        appendRow(text, COLUMNS, width);
        for (int i = 0; i < size(); i++) {
            List<String> row = new ArrayList<>();
            for (List<String> column : columns) {
                row.add(column.get(i));
            }
            appendRow(text, row, width);
        }
        return text.toString();
    }

    private static List<String> formatted(double[] numbers) {
        List<String> cells = new ArrayList<>(numbers.length);
        for (double x : numbers) {
            cells.add(Graph.format(x));
        }
        return cells;
    }

    private static void appendRow(StringBuilder text, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length() + 2));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
