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
 * <p>Nodes stand in columns by depth, inputs on the left and the output {@code L} on the right; each node
 * is a box with its name and operation, its forward value (blue) and its gradient {@code dL/d node} (red).
 * Arrows go from each input to the operation that uses it; when an operation has two operands, the arrow of the
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
    private static final int SWEEPS = 8;
    private static final int WAYPOINT_HEIGHT = 8;

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
        Layout layout = new Layout(graph);
        double contentHeight = layout.height;
        double totalWidth = Math.max(layout.width + 2 * MARGIN, 460);
        double totalHeight = MARGIN + TITLE_HEIGHT + contentHeight + 16 + LEGEND_HEIGHT + MARGIN;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(totalWidth))
                .append("\" height=\"").append(num(totalHeight)).append("\" viewBox=\"0 0 ")
                .append(num(totalWidth)).append(' ').append(num(totalHeight))
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">\n");
        svg.append("<title>").append(Tables.escape(title)).append("</title>\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(MARGIN, MARGIN + 14, "font-size=\"14\" font-weight=\"bold\"", title));

        // Arrows first, so that boxes are drawn over their ends. An arrow that skips columns runs through
        // its waypoints, in the gaps between the boxes of those columns.
        for (Arrow arrow : layout.arrows) {
            Slot from = arrow.from;
            Slot to = arrow.to;
            int operands = nodes.get(to.node).inputs().size();
            double x = from.x + from.width;
            double y = from.centre();
            StringBuilder d = new StringBuilder("M" + num(x) + "," + num(y));
            for (Slot w : arrow.waypoints) {
                d.append(curve(x, y, w.x, w.centre())).append(" L").append(num(w.x + w.width)).append(',')
                        .append(num(w.centre()));
                x = w.x + w.width;
                y = w.centre();
            }
            d.append(curve(x, y, to.x, to.centre() + (arrow.operand - (operands - 1) / 2.0) * 12));
            svg.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.3\""
                    + " marker-end=\"url(#arrow)\"/>\n");
        }

        // Boxes: name and operation, value (blue), grad (red).
        for (int i = 0; i < n; i++) {
            Value v = nodes.get(i);
            Slot box = layout.boxes[i];
            boolean isOutput = i == n - 1;
            svg.append("<g class=\"node\" id=\"").append(graph.id(v)).append("\">\n");
            svg.append("<rect x=\"").append(num(box.x)).append("\" y=\"").append(num(box.y))
                    .append("\" width=\"").append(num(box.width)).append("\" height=\"").append(BOX_HEIGHT)
                    .append("\" rx=\"5\" fill=\"").append(v.isInput() ? "#f4f7ee" : "#f7f8fb")
                    .append("\" stroke=\"").append(isOutput ? "#333" : "#999")
                    .append("\" stroke-width=\"").append(isOutput ? "2" : "1").append("\"/>\n");
            double tx = box.x + PAD;
            double ty = box.y + PAD / 2.0 + LINE - 3;
            svg.append("<text x=\"").append(num(tx)).append("\" y=\"").append(num(ty)).append("\">")
                    .append("<tspan font-weight=\"bold\">").append(Tables.escape(graph.name(v))).append("</tspan>");
            if (!v.op().isEmpty()) {
                svg.append("<tspan dx=\"").append(num(CHAR_WIDTH)).append("\" fill=\"#666\">")
                        .append(Tables.escape(v.op())).append("</tspan>");
            }
            svg.append("</text>\n");
            svg.append(text(tx, ty + LINE, "fill=\"" + VALUE_COLOUR + "\"", valueLine(v)));
            svg.append(text(tx, ty + 2 * LINE, "fill=\"" + GRAD_COLOUR + "\"", gradLine(v)));
            svg.append("</g>\n");
        }

        // Legend.
        double ly = totalHeight - MARGIN - LEGEND_HEIGHT + 12;
        svg.append(text(MARGIN, ly, "fill=\"" + VALUE_COLOUR + "\"", "value: forward pass"));
        svg.append(text(MARGIN + 190, ly, "fill=\"" + GRAD_COLOUR + "\"",
                "grad: d" + graph.name(graph.output()) + "/d node, backward pass"));
        svg.append(text(MARGIN, ly + LINE, "fill=\"#555\"",
                "arrows: input -> operation (first operand arrives higher)"));
        svg.append("</svg>\n");
        return new Svg(svg.toString(), title);
    }

    /** A cubic curve from an exit point to an entry point, leaving and arriving horizontally. */
    private static String curve(double x1, double y1, double x2, double y2) {
        double bend = Math.max(16, (x2 - x1) / 2);
        return " C" + num(x1 + bend) + "," + num(y1) + " " + num(x2 - bend) + "," + num(y2) + " "
                + num(x2) + "," + num(y2);
    }

    /** The line with a node's forward value, as drawn in its box. */
    public static String valueLine(Value v) {
        return "value " + Graph.format(v.value());
    }

    /** The line with a node's gradient, as drawn in its box. */
    public static String gradLine(Value v) {
        return "grad  " + Graph.format(v.grad());
    }

    /** A place in a column: a node's box, or a waypoint where an arrow crosses the column. */
    private static final class Slot {
        final int node;
        final int column;
        final double height;
        final List<Slot> neighbours = new ArrayList<>();
        double x;
        double y;
        double width;
        /** Where the neighbours would like this slot to be (the barycentre of their centres). */
        double wish;

        Slot(int node, int column, double height) {
            this.node = node;
            this.column = column;
            this.height = height;
        }

        boolean isWaypoint() {
            return node < 0;
        }

        double centre() {
            return y + height / 2;
        }
    }

    /** An arrow from an input's box to the box of the operation that uses it as operand number {@code operand}. */
    private record Arrow(Slot from, Slot to, int operand, List<Slot> waypoints) {
    }

    /**
     * Where everything goes. An operation stands in the column of its depth; an input stands just left of
     * the first column that uses it. An arrow that skips columns gets a waypoint in each column it crosses,
     * so that it passes between boxes rather than behind them (the usual layered-drawing method). The slots
     * of each column start in topological order, then a few sweeps move each one towards the mean height of
     * its neighbours (the barycentre heuristic), which uncrosses most arrows.
     */
    private static final class Layout {
        final Slot[] boxes;
        final List<List<Slot>> columns = new ArrayList<>();
        final List<Arrow> arrows = new ArrayList<>();
        double width;
        double height;

        Layout(Graph graph) {
            List<Value> nodes = graph.nodes();
            int n = nodes.size();
            int[] column = new int[n];
            for (int i = 0; i < n; i++) {
                column[i] = graph.depth(nodes.get(i));
            }
            for (int i = 0; i < n; i++) {
                Value v = nodes.get(i);
                if (v.isInput() && !graph.consumers(v).isEmpty()) {
                    int first = Integer.MAX_VALUE;
                    for (Value c : graph.consumers(v)) {
                        first = Math.min(first, column[graph.indexOf(c)]);
                    }
                    column[i] = first - 1;
                }
            }
            int columnCount = 0;
            for (int c : column) {
                columnCount = Math.max(columnCount, c + 1);
            }
            for (int c = 0; c < columnCount; c++) {
                columns.add(new ArrayList<>());
            }
            boxes = new Slot[n];
            for (int i = 0; i < n; i++) {
                boxes[i] = new Slot(i, column[i], BOX_HEIGHT);
                columns.get(column[i]).add(boxes[i]);
            }
            for (int i = 0; i < n; i++) {
                List<Value> in = nodes.get(i).inputs();
                for (int k = 0; k < in.size(); k++) {
                    Slot from = boxes[graph.indexOf(in.get(k))];
                    List<Slot> waypoints = new ArrayList<>();
                    Slot previous = from;
                    for (int c = from.column + 1; c < column[i]; c++) {
                        Slot w = new Slot(-1, c, WAYPOINT_HEIGHT);
                        columns.get(c).add(w);
                        waypoints.add(w);
                        link(previous, w);
                        previous = w;
                    }
                    link(previous, boxes[i]);
                    arrows.add(new Arrow(from, boxes[i], k, waypoints));
                }
            }
            for (int sweep = 0; sweep < SWEEPS; sweep++) {
                place();
                for (List<Slot> col : columns) {
                    for (Slot s : col) {
                        s.wish = s.neighbours.stream().mapToDouble(Slot::centre).average().orElse(s.centre());
                    }
                    col.sort(Comparator.comparingDouble((Slot s) -> s.wish).thenComparingDouble(s -> s.y));
                }
            }
            place();
            double left = MARGIN;
            for (List<Slot> col : columns) {
                double colWidth = 0;
                for (Slot s : col) {
                    colWidth = Math.max(colWidth, s.isWaypoint() ? 0 : boxWidth(graph, nodes.get(s.node)));
                }
                for (Slot s : col) {
                    s.x = left;
                    s.width = colWidth;
                }
                left += colWidth + COLUMN_GAP;
            }
            width = left - COLUMN_GAP - MARGIN;
        }

        private static void link(Slot a, Slot b) {
            a.neighbours.add(b);
            b.neighbours.add(a);
        }

        /** Stacks the slots of each column in their current order, every column centred on the tallest. */
        private void place() {
            double[] extent = new double[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                for (Slot s : columns.get(c)) {
                    extent[c] += s.height;
                }
                extent[c] += Math.max(0, columns.get(c).size() - 1) * ROW_GAP;
                height = Math.max(height, extent[c]);
            }
            for (int c = 0; c < columns.size(); c++) {
                double y = MARGIN + TITLE_HEIGHT + (height - extent[c]) / 2;
                for (Slot s : columns.get(c)) {
                    s.y = y;
                    y += s.height + ROW_GAP;
                }
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
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attributes + ">" + Tables.escape(content) + "</text>\n";
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }
}
