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
    private static final double TITLE_CHAR_WIDTH = 8.6;
    private static final int TITLE_LINE = 18;
    private static final int MIN_WIDTH = 460;
    /** The CSS that lets a picture shrink to the width of the output area, keeping its proportions. */
    static final String SCALES = "max-width:100%;height:auto";
    /** The outline of the node being processed in a backward-pass frame. */
    public static final String CURRENT_COLOUR = "#e67e22";
    private static final String CURRENT_FILL = "#fff4e0";
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
        double[] grads = new double[graph.size()];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = graph.nodes().get(i).grad();
        }
        return draw(graph, title, new Frame(grads, -1, List.of(), "arrow", gradWidths(graph, List.of(grads)), 0));
    }

    /**
     * What one picture shows beyond the graph: the gradient drawn in each box, the node being processed
     * (-1 for none), caption lines under the graph, the id of the arrow-head marker (unique when several
     * pictures share one HTML page), and the characters reserved for each box's gradient line, so that the
     * boxes keep their size from one frame of an animation to the next.
     */
    record Frame(double[] grads, int current, List<String> caption, String markerId, int[] gradChars,
                 double minWidth) {
    }

    /** The widest a picture grows to fit caption lines; longer lines wrap. */
    static final double MAX_CAPTION_WIDTH = 960;

    /** The width that fits the longest of these caption lines unwrapped, up to {@link #MAX_CAPTION_WIDTH}. */
    static double widthFor(List<String> captionLines) {
        int chars = 0;
        for (String line : captionLines) {
            chars = Math.max(chars, line.length());
        }
        return Math.min(MAX_CAPTION_WIDTH, Math.ceil(chars * CHAR_WIDTH) + 2 * MARGIN);
    }

    /** The characters of the longest gradient line of each node over the given gradient vectors. */
    static int[] gradWidths(Graph graph, List<double[]> gradVectors) {
        int[] chars = new int[graph.size()];
        for (double[] g : gradVectors) {
            for (int i = 0; i < chars.length; i++) {
                chars[i] = Math.max(chars[i], gradLine(g[i]).length());
            }
        }
        return chars;
    }

    /** Draws the graph with the frame's gradients, highlight and caption. */
    static Svg draw(Graph graph, String title, Frame frame) {
        int n = graph.size();
        if (n > MAX_NODES) {
            throw new IllegalArgumentException("GraphPicture.of: the graph has " + n + " nodes, more than "
                    + MAX_NODES + " can be drawn readably; draw a smaller sub-expression or use Trace");
        }
        List<Value> nodes = graph.nodes();
        Layout layout = new Layout(graph, frame.gradChars());
        double totalWidth = Math.max(Math.max(layout.width + 2 * MARGIN, MIN_WIDTH), frame.minWidth());
        // The title and caption wrap to the width of the drawing, so that no line is cut off.
        List<String> titleLines = wrap(title, (int) Math.floor((totalWidth - 2 * MARGIN) / TITLE_CHAR_WIDTH));
        List<String> captionLines = new ArrayList<>();
        for (String line : frame.caption()) {
            captionLines.addAll(wrap(line, (int) Math.floor((totalWidth - 2 * MARGIN) / CHAR_WIDTH)));
        }
        double titleHeight = TITLE_HEIGHT + (titleLines.size() - 1) * TITLE_LINE;
        layout.shiftDown(titleHeight - TITLE_HEIGHT);
        double captionHeight = captionLines.isEmpty() ? 0 : captionLines.size() * LINE + PAD;
        double totalHeight = MARGIN + titleHeight + layout.height + 16 + captionHeight + LEGEND_HEIGHT + MARGIN;

        StringBuilder svg = new StringBuilder();
        // width and height give the natural size; max-width lets the picture shrink to a narrow output area.
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(num(totalWidth))
                .append("\" height=\"").append(num(totalHeight)).append("\" viewBox=\"0 0 ")
                .append(num(totalWidth)).append(' ').append(num(totalHeight))
                .append("\" preserveAspectRatio=\"xMinYMin meet\" style=\"").append(SCALES)
                .append("\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"12\">\n");
        svg.append("<title>").append(Tables.escape(title)).append("</title>\n");
        svg.append("<defs><marker id=\"").append(frame.markerId()).append("\" viewBox=\"0 0 10 10\" refX=\"10\""
                + " refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\""
                + " fill=\"#555\"/></marker></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < titleLines.size(); i++) {
            svg.append(text(MARGIN, MARGIN + 14 + i * TITLE_LINE, "font-size=\"14\" font-weight=\"bold\"",
                    titleLines.get(i)));
        }

        // Arrows first, so that boxes are drawn over their ends. An arrow that skips columns runs through
        // its waypoints, in the gaps between the boxes of those columns. The arrows into the node being
        // processed carry its gradient back to its inputs: they are drawn in the gradient colour.
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
            boolean carrying = to.node == frame.current();
            svg.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"")
                    .append(carrying ? GRAD_COLOUR : "#777").append("\" stroke-width=\"")
                    .append(carrying ? "2.5" : "1.3").append("\" marker-end=\"url(#").append(frame.markerId())
                    .append(")\"/>\n");
        }

        // Boxes: name and operation, value (blue), grad (red).
        for (int i = 0; i < n; i++) {
            Value v = nodes.get(i);
            Slot box = layout.boxes[i];
            boolean isOutput = i == n - 1;
            boolean isCurrent = i == frame.current();
            svg.append("<g class=\"node\" id=\"").append(graph.id(v)).append("\">\n");
            svg.append("<rect x=\"").append(num(box.x)).append("\" y=\"").append(num(box.y))
                    .append("\" width=\"").append(num(box.width)).append("\" height=\"").append(BOX_HEIGHT)
                    .append("\" rx=\"5\" fill=\"").append(isCurrent ? CURRENT_FILL : v.isInput() ? "#f4f7ee" : "#f7f8fb")
                    .append("\" stroke=\"").append(isCurrent ? CURRENT_COLOUR : isOutput ? "#333" : "#999")
                    .append("\" stroke-width=\"").append(isCurrent ? "3" : isOutput ? "2" : "1").append("\"/>\n");
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
            svg.append(text(tx, ty + 2 * LINE, "fill=\"" + GRAD_COLOUR + "\"", gradLine(frame.grads()[i])));
            svg.append("</g>\n");
        }

        // Caption (the rule of the step being shown), then the legend.
        double cy = MARGIN + titleHeight + layout.height + 16 + LINE;
        for (String line : captionLines) {
            svg.append(text(MARGIN, cy, "class=\"caption\" fill=\"#222\" xml:space=\"preserve\"", line));
            cy += LINE;
        }
        double ly = totalHeight - MARGIN - LEGEND_HEIGHT + 12;
        svg.append(text(MARGIN, ly, "fill=\"" + VALUE_COLOUR + "\"", "value: forward pass"));
        svg.append(text(MARGIN + 190, ly, "fill=\"" + GRAD_COLOUR + "\"",
                "grad: d" + graph.name(graph.output()) + "/d node, backward pass"));
        svg.append(text(MARGIN, ly + LINE, "fill=\"#555\"",
                "arrows: input -> operation (first operand arrives higher)"));
        svg.append("</svg>\n");
        return new Svg(svg.toString(), title);
    }

    /**
     * The words of {@code text} in lines of at most {@code width} characters (a longer word is cut), so a
     * title or caption fits the picture instead of running off its edge.
     */
    static List<String> wrap(String text, int width) {
        String indent = text.substring(0, text.length() - text.stripLeading().length());
        int w = Math.max(8, width - indent.length());
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.stripLeading().split(" ")) {
            while (word.length() > w) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, w));
                word = word.substring(w);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > w) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        lines.replaceAll(l -> indent + l);
        return lines;
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
        return gradLine(v.grad());
    }

    private static String gradLine(double grad) {
        return "grad  " + Graph.format(grad);
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

        Layout(Graph graph, int[] gradChars) {
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
                    colWidth = Math.max(colWidth, s.isWaypoint() ? 0 : boxWidth(graph, nodes.get(s.node), gradChars[s.node]));
                }
                for (Slot s : col) {
                    s.x = left;
                    s.width = colWidth;
                }
                left += colWidth + COLUMN_GAP;
            }
            width = left - COLUMN_GAP - MARGIN;
        }

        /** Moves everything down by {@code dy} (to make room for a title of several lines). */
        void shiftDown(double dy) {
            for (List<Slot> col : columns) {
                for (Slot s : col) {
                    s.y += dy;
                }
            }
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

    private static double boxWidth(Graph graph, Value v, int gradChars) {
        int chars = graph.name(v).length() + (v.op().isEmpty() ? 0 : 1 + v.op().length());
        chars = Math.max(chars, valueLine(v).length());
        chars = Math.max(chars, gradChars);
        return Math.max(72, Math.ceil(chars * CHAR_WIDTH) + 2 * PAD);
    }

    private static String text(double x, double y, String attributes, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attributes + ">" + Tables.escape(content) + "</text>\n";
    }

    private static String num(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }
}
