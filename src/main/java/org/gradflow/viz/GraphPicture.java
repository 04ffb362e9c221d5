package org.gradflow.viz;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.gradflow.graph.Graph;
import org.gradflow.graph.Value;

/**
 * A picture of a scalar computation graph, drawn by gradflow as SVG (no Graphviz needed).
 *
 * <p>Nodes stand in columns by depth, inputs on the left and the output on the right; each node is a box
 * with its name and operation, its forward value (blue) and its gradient {@code dL/d node} (red). Arrows go
 * from each input to the operation that uses it; when an operation has two operands, the arrow of the
 * first one arrives higher on the box. A legend explains the colours. Call {@link Value#backward()} before
 * drawing to see the gradients.
 *
 * <pre>
 * Value x = Value.of(0.5, "x"), w = Value.of(-2, "w");
 * Value z = x.times(w).sigmoid().label("z");
 * z.backward();
 * Svg picture = GraphPicture.of(z);
 * </pre>
 */
public final class GraphPicture {

    /** The colour of forward values. */
    public static final String VALUE_COLOUR = "#1f5fbf";
    /** The colour of gradients. */
    public static final String GRAD_COLOUR = "#c0392b";
    /** The largest graph drawn; bigger ones would be unreadable. */
    public static final int MAX_NODES = 500;

    private static final double CHAR_WIDTH = 7.3;
    private static final int LINE = 16;
    private static final int PAD = 8;
    private static final int BOX_HEIGHT = 3 * LINE + PAD;
    private static final int COLUMN_GAP = 56;
    private static final int ROW_GAP = 22;
    private static final int MARGIN = 20;
    private static final int TITLE_HEIGHT = 28;
    private static final int LEGEND_HEIGHT = 40;
    private static final int SWEEPS = 6;

    private GraphPicture() {
    }

    /** The picture of the graph of {@code output}, titled after it. */
    public static Svg of(Value output) {
        Objects.requireNonNull(output, "GraphPicture.of: output is null");
        Graph graph = Graph.of(output);
        return of(graph, "computation graph of " + graph.name(output));
    }

    /** The picture of the graph of {@code output} with the given title. */
    public static Svg of(Value output, String title) {
        Objects.requireNonNull(output, "GraphPicture.of: output is null");
        Objects.requireNonNull(title, "GraphPicture.of: title is null");
        return of(Graph.of(output), title);
    }

    private static Svg of(Graph graph, String title) {
        int n = graph.size();
        if (n > MAX_NODES) {
            throw new IllegalArgumentException("GraphPicture.of: the graph has " + n + " nodes, more than "
                    + MAX_NODES + " can be drawn readably; draw a smaller sub-expression or use Trace");
        }
        List<Value> nodes = graph.nodes();
        int[] column = columns(graph);
        List<List<Value>> columns = orderWithinColumns(graph, column);

        // Geometry: each column is as wide as its widest box; columns are centred vertically.
        int tallest = columns.stream().mapToInt(List::size).max().orElse(1);
        double contentHeight = tallest * BOX_HEIGHT + (tallest - 1) * ROW_GAP;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] width = new double[n];
        double left = MARGIN;
        for (List<Value> col : columns) {
            double colWidth = 0;
            for (Value v : col) {
                colWidth = Math.max(colWidth, boxWidth(graph, v));
            }
            double top = MARGIN + TITLE_HEIGHT + (contentHeight - (col.size() * BOX_HEIGHT
                    + (col.size() - 1) * ROW_GAP)) / 2;
            for (int r = 0; r < col.size(); r++) {
                int i = graph.indexOf(col.get(r));
                x[i] = left;
                y[i] = top + r * (BOX_HEIGHT + ROW_GAP);
                width[i] = colWidth;
            }
            left += colWidth + COLUMN_GAP;
        }
        double totalWidth = Math.max(left - COLUMN_GAP + MARGIN, 460);
        double totalHeight = MARGIN + TITLE_HEIGHT + contentHeight + 16 + LEGEND_HEIGHT + MARGIN;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(totalWidth))
                .append("\" height=\"").append(num(totalHeight)).append("\" viewBox=\"0 0 ")
                .append(num(totalWidth)).append(' ').append(num(totalHeight))
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">\n");
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(MARGIN, MARGIN + 14, "font-size=\"14\" font-weight=\"bold\"", title));

        // Edges first, so that boxes are drawn over their ends.
        for (int i = 0; i < n; i++) {
            List<Value> in = nodes.get(i).inputs();
            for (int k = 0; k < in.size(); k++) {
                int j = graph.indexOf(in.get(k));
                double x1 = x[j] + width[j];
                double y1 = y[j] + BOX_HEIGHT / 2.0;
                double x2 = x[i];
                double y2 = y[i] + BOX_HEIGHT / 2.0 + (k - (in.size() - 1) / 2.0) * 12;
                double bend = Math.max(24, (x2 - x1) / 2);
                svg.append("<path d=\"M").append(num(x1)).append(',').append(num(y1))
                        .append(" C").append(num(x1 + bend)).append(',').append(num(y1))
                        .append(' ').append(num(x2 - bend)).append(',').append(num(y2))
                        .append(' ').append(num(x2)).append(',').append(num(y2))
                        .append("\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.3\" marker-end=\"url(#arrow)\"/>\n");
            }
        }

        // Boxes: name and operation, value (blue), grad (red).
        for (int i = 0; i < n; i++) {
            Value v = nodes.get(i);
            boolean isOutput = i == n - 1;
            svg.append("<g class=\"node\" id=\"").append(graph.id(v)).append("\">\n");
            svg.append("<rect x=\"").append(num(x[i])).append("\" y=\"").append(num(y[i]))
                    .append("\" width=\"").append(num(width[i])).append("\" height=\"").append(BOX_HEIGHT)
                    .append("\" rx=\"5\" fill=\"").append(v.isInput() ? "#f4f7ee" : "#f7f8fb")
                    .append("\" stroke=\"").append(isOutput ? "#333" : "#999")
                    .append("\" stroke-width=\"").append(isOutput ? "2" : "1").append("\"/>\n");
            double tx = x[i] + PAD;
            double ty = y[i] + PAD / 2.0 + LINE - 3;
            svg.append("<text x=\"").append(num(tx)).append("\" y=\"").append(num(ty)).append("\">")
                    .append("<tspan font-weight=\"bold\">").append(escape(graph.name(v))).append("</tspan>");
            if (!v.op().isEmpty()) {
                svg.append("<tspan fill=\"#666\"> ").append(escape(v.op())).append("</tspan>");
            }
            svg.append("</text>\n");
            svg.append(text(tx, ty + LINE, "fill=\"" + VALUE_COLOUR + "\"", valueLine(v)));
            svg.append(text(tx, ty + 2 * LINE, "fill=\"" + GRAD_COLOUR + "\"", gradLine(v)));
            svg.append("</g>\n");
        }

        // Legend.
        double ly = totalHeight - MARGIN - LEGEND_HEIGHT + 12;
        svg.append(text(MARGIN, ly, "fill=\"" + VALUE_COLOUR + "\"", "value: forward pass"));
        svg.append(text(MARGIN + 190, ly, "fill=\"" + GRAD_COLOUR + "\"", "grad: dL/d node, backward pass"));
        svg.append(text(MARGIN, ly + LINE, "fill=\"#555\"",
                "arrows: input -> operation (first operand arrives higher)"));
        svg.append("</svg>\n");
        return new Svg(svg.toString(), title);
    }

    /** The line with a node's forward value, as drawn in its box. */
    public static String valueLine(Value v) {
        return "value " + Graph.format(v.value());
    }

    /** The line with a node's gradient, as drawn in its box. */
    public static String gradLine(Value v) {
        return "grad  " + Graph.format(v.grad());
    }

    /**
     * The column of each node (by position in {@code graph.nodes()}): an operation stands at its depth;
     * an input stands just left of the first column that uses it, so it sits near its operation.
     */
    private static int[] columns(Graph graph) {
        List<Value> nodes = graph.nodes();
        int[] column = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            column[i] = graph.depth(nodes.get(i));
        }
        for (int i = 0; i < nodes.size(); i++) {
            Value v = nodes.get(i);
            if (v.isInput() && !graph.consumers(v).isEmpty()) {
                int first = Integer.MAX_VALUE;
                for (Value c : graph.consumers(v)) {
                    first = Math.min(first, column[graph.indexOf(c)]);
                }
                column[i] = first - 1;
            }
        }
        return column;
    }

    /**
     * The nodes of each column from top to bottom: topological order at first, then a few sweeps that
     * move each node to the mean height of its neighbours (the barycentre heuristic), to uncross arrows.
     */
    private static List<List<Value>> orderWithinColumns(Graph graph, int[] column) {
        List<Value> nodes = graph.nodes();
        int columnCount = 0;
        for (int c : column) {
            columnCount = Math.max(columnCount, c + 1);
        }
        List<List<Value>> columns = new ArrayList<>();
        for (int c = 0; c < columnCount; c++) {
            columns.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.size(); i++) {
            columns.get(column[i]).add(nodes.get(i));
        }
        double[] height = new double[nodes.size()];
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            placeHeights(graph, columns, height);
            double[] target = new double[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                Value v = nodes.get(i);
                double sum = 0;
                int count = 0;
                for (Value u : v.inputs()) {
                    sum += height[graph.indexOf(u)];
                    count++;
                }
                for (Value u : graph.consumers(v)) {
                    sum += height[graph.indexOf(u)];
                    count++;
                }
                target[i] = count == 0 ? height[i] : sum / count;
            }
            for (List<Value> col : columns) {
                col.sort(Comparator.comparingDouble((Value v) -> target[graph.indexOf(v)])
                        .thenComparingDouble(v -> height[graph.indexOf(v)]));
            }
        }
        return columns;
    }

    /** Each node's height (row offset from the middle of its column) for the current order. */
    private static void placeHeights(Graph graph, List<List<Value>> columns, double[] height) {
        for (List<Value> col : columns) {
            for (int r = 0; r < col.size(); r++) {
                height[graph.indexOf(col.get(r))] = r - (col.size() - 1) / 2.0;
            }
        }
    }

    private static double boxWidth(Graph graph, Value v) {
        int chars = graph.name(v).length() + (v.op().isEmpty() ? 0 : 1 + v.op().length());
        chars = Math.max(chars, valueLine(v).length());
        chars = Math.max(chars, gradLine(v).length());
        return Math.max(72, Math.ceil(chars * CHAR_WIDTH) + 2 * PAD);
    }

    private static String text(double x, double y, String attributes, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attributes + ">" + escape(content) + "</text>\n";
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    /**
     * Text made safe for XML content and attribute values: the five special characters become entities,
     * and characters XML 1.0 forbids (most control characters) become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    out.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return out.toString();
    }
}
