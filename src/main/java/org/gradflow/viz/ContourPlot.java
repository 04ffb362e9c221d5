package org.gradflow.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds an {@link XYChart} of the contour lines of a 2-D function (e.g. a loss surface) with optimizer
 * trajectories drawn over them. Contour lines are coloured by level (viridis, dark = low) and labelled with
 * their value; each trajectory is a line with a marker per step; all starts share one marker (black square),
 * all ends another (black diamond), and marked points get a black cross. Start with {@link Charts#contours(String, String, String)}.
 *
 * <pre>{@code
 * XYChart chart = Charts.contours("Momentum vs gradient descent", "phi1", "phi2")
 *         .function((x, y) -> x * x + 10 * y * y, -2, 2, -1, 1)
 *         .levels(10)
 *         .trajectory("gradient descent", gd.path(gradient, start, 50))
 *         .trajectory("momentum", momentum.path(gradient, start, 50))
 *         .point("minimum", 0, 0)
 *         .build();
 * }</pre>
 *
 * A trajectory that diverges (a row with NaN or infinity) is drawn up to its last finite step and its legend
 * entry says so; the axes stay on the function's box, so a wild step leaves the plot instead of squashing it.
 */
public final class ContourPlot extends PlotBuilder<ContourPlot> {

    /** Grid points per side when {@link #resolution(int)} is not called. */
    public static final int DEFAULT_RESOLUTION = 121;
    /** Number of levels when none are given. */
    public static final int DEFAULT_LEVELS = 10;
    /** Trajectories with more steps than this are drawn without a marker per step. */
    public static final int MAX_STEP_MARKERS = 150;

    /** Level labels closer than this (as a fraction of the plot's side) to another label or the border are left out. */
    private static final double MIN_LABEL_SPACING = 0.06;
    /** A trajectory is cut where it goes farther than this many box sides from the box (it has diverged). */
    private static final double FAR_AWAY = 10;

    /** Trajectory colours that stand out against the viridis contour lines. */
    private static final Color[] TRAJECTORY_COLORS = {
        new Color(0xD55E00), new Color(0x000000), new Color(0xCC79A7), new Color(0xE69F00), new Color(0x0072B2),
        new Color(0x56B4E9)
    };

    private DoubleBinaryOperator f;
    private double[] box;
    private Grid grid;
    private int resolution = DEFAULT_RESOLUTION;
    private double[] levels;
    private int levelCount = DEFAULT_LEVELS;
    private boolean labelLevels = true;
    private String surfaceName = "contours of f";
    private final List<String> names = new ArrayList<>();
    private final List<double[][]> paths = new ArrayList<>();
    private final List<String> pointNames = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();
    private final Set<String> used = new HashSet<>();

    ContourPlot(String title, String xLabel, String yLabel) {
        super("ContourPlot", title, xLabel, yLabel);
    }

    /** The function f(x, y) to draw over [xMin, xMax] x [yMin, yMax]. */
    public ContourPlot function(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax) {
        this.f = Objects.requireNonNull(f, what() + ": function is null");
        Data.checkRange(what(), "x", xMin, xMax);
        Data.checkRange(what(), "y", yMin, yMax);
        box = new double[] {xMin, xMax, yMin, yMax};
        grid = null;
        return self();
    }

    /** An already sampled function, instead of {@link #function}. */
    public ContourPlot grid(Grid grid) {
        this.grid = Objects.requireNonNull(grid, what() + ": grid is null");
        double[] x = grid.x();
        double[] y = grid.y();
        box = new double[] {x[0], x[x.length - 1], y[0], y[y.length - 1]};
        f = null;
        return self();
    }

    /** Grid points per side used to sample the function (default {@value #DEFAULT_RESOLUTION}). */
    public ContourPlot resolution(int pointsPerSide) {
        if (pointsPerSide < 3) {
            throw new IllegalArgumentException(what() + ": resolution must be >= 3 points per side, got "
                    + pointsPerSide);
        }
        resolution = pointsPerSide;
        return self();
    }

    /** Draws this many levels, chosen by {@link Contours#autoLevels(Grid, int)}. */
    public ContourPlot levels(int count) {
        if (count < 1) {
            throw new IllegalArgumentException(what() + ": level count must be >= 1, got " + count);
        }
        levelCount = count;
        levels = null;
        return self();
    }

    /** Draws exactly these levels (finite numbers; sorted, repeats dropped, so colours go dark to light as f grows). */
    public ContourPlot levels(double... levels) {
        Objects.requireNonNull(levels, what() + ": levels are null");
        if (levels.length == 0) {
            throw new IllegalArgumentException(what() + ": no levels given");
        }
        Data.checkFinite(what(), "levels", "level", levels);
        this.levels = Arrays.stream(levels).sorted().distinct().toArray();
        return self();
    }

    /** The legend entry that stands for the contour lines, e.g. "loss L(phi1, phi2)"; default "contours of f". */
    public ContourPlot surfaceName(String name) {
        surfaceName = requireText(what(), "series name", name);
        return self();
    }

    /** Leaves the level values off the contour lines. */
    public ContourPlot withoutLevelLabels() {
        labelLevels = false;
        return self();
    }

    /**
     * Adds an optimizer trajectory: {@code path[t] = {x, y}} after t steps, row 0 the start (as
     * {@code path(gradient, start, steps)} of the optimizers returns it). Copied.
     */
    public ContourPlot trajectory(String name, double[][] path) {
        addName(name);
        Objects.requireNonNull(path, what() + ": trajectory \"" + name + "\" is null");
        if (path.length == 0) {
            throw new IllegalArgumentException(what() + ": trajectory \"" + name + "\" has no rows");
        }
        double[][] copy = new double[path.length][];
        for (int t = 0; t < path.length; t++) {
            if (path[t] == null || path[t].length != 2) {
                throw new IllegalArgumentException(what() + ": trajectory \"" + name + "\" row " + t + " has "
                        + (path[t] == null ? "no" : path[t].length) + " columns; rows must be {x, y}");
            }
            copy[t] = path[t].clone();
        }
        if (!Double.isFinite(copy[0][0]) || !Double.isFinite(copy[0][1])) {
            throw new IllegalArgumentException(what() + ": trajectory \"" + name + "\" starts at "
                    + Arrays.toString(copy[0]) + "; the start must be finite");
        }
        names.add(name);
        paths.add(copy);
        return self();
    }

    /** Marks a single point, e.g. the minimum, with a black cross. */
    public ContourPlot point(String name, double x, double y) {
        addName(name);
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException(what() + ": point \"" + name + "\" at (" + x + ", " + y
                    + ") is not finite");
        }
        pointNames.add(name);
        points.add(new double[] {x, y});
        return self();
    }

    /** The contour lines that {@link #build()} draws. */
    public List<Contour> contours() {
        Grid g = sampledGrid();
        return Contours.trace(g, levels != null ? levels : Contours.autoLevels(g, levelCount));
    }

    /** The chart: contour lines, then trajectories, start and end markers, and marked points. */
    public XYChart build() {
        if (used.contains(surfaceName) || surfaceName.equals("start") || surfaceName.equals("end")) {
            throw new IllegalStateException(what() + ": the contour legend name \"" + surfaceName
                    + "\" is also used by a trajectory, a point or the start/end markers");
        }
        List<Contour> contours = contours();
        for (int i = 0; i < paths.size(); i++) {
            if (drawnSteps(paths.get(i)) == 0) {
                throw new IllegalStateException(what() + ": trajectory \"" + names.get(i) + "\" starts at "
                        + Arrays.toString(paths.get(i)[0]) + ", more than " + FAR_AWAY + " box sides outside the box "
                        + Arrays.toString(box) + " {xMin, xMax, yMin, yMax}");
            }
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setXAxisMin(box[0]).setXAxisMax(box[1]).setYAxisMin(box[2]).setYAxisMax(box[3]);
        chart.getStyler().setAnnotationTextFontColor(new Color(0x333333));
        drawContours(chart, contours);
        for (int i = 0; i < paths.size(); i++) {
            drawTrajectory(chart, i);
        }
        if (!paths.isEmpty()) {
            drawEnds(chart);
        }
        for (int k = 0; k < points.size(); k++) {
            XYSeries s = chart.addSeries(pointNames.get(k), new double[] {points.get(k)[0]},
                    new double[] {points.get(k)[1]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CROSS);
            s.setMarkerColor(Color.BLACK);
        }
        Style.placeLegend(chart.getStyler(), Charts.legendEntries(chart), width);
        return chart;
    }

    private void drawContours(XYChart chart, List<Contour> contours) {
        List<double[]> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (labelLevels) {
            for (Contour c : contours) {
                double[] at = labelPosition(c, labels);
                if (at != null) {
                    labels.add(at);
                    texts.add(label(c.level()));
                }
            }
        }
        boolean inLegend = false;
        for (int L = 0; L < contours.size(); L++) {
            // Dark for low levels; stop before viridis' pale yellow, which vanishes on white.
            Color color = Palette.viridis(contours.size() == 1 ? 0.4 : 0.85 * L / (contours.size() - 1));
            Contour c = contours.get(L);
            for (int p = 0; p < c.lines().size(); p++) {
                Polyline line = c.lines().get(p);
                double[] y = gapsAt(line, labels, texts);
                if (Arrays.stream(y).allMatch(Double::isNaN)) {
                    continue; // a tiny loop hidden under a label
                }
                String name = inLegend
                        ? String.format("level %d (f = %.4g), piece %d", L + 1, c.level(), p + 1) : surfaceName;
                XYSeries s = chart.addSeries(name, line.x(), y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(color);
                s.setLineStyle(Style.THIN);
                s.setShowInLegend(!inLegend);
                inLegend = true;
            }
        }
        for (int k = 0; k < labels.size(); k++) {
            chart.addAnnotation(new AnnotationText(texts.get(k), labels.get(k)[0], labels.get(k)[1], false));
        }
    }

    /**
     * The line's y values with NaN (a gap, for XChart) where the line would run through a level label, so
     * that labels such as "-0.5" stay readable.
     */
    double[] gapsAt(Polyline line, List<double[]> labels, List<String> texts) {
        double[] x = line.x();
        double[] y = line.y();
        double w = box[1] - box[0];
        double h = box[3] - box[2];
        for (int k = 0; k < labels.size(); k++) {
            // Half the label's size as a fraction of the plot: about 6 px per character of a ~450 x 300 px plot.
            double halfWidth = (texts.get(k).length() * 6.0 + 6) / 2 / 450;
            double halfHeight = 8.0 / 300;
            for (int i = 0; i < x.length; i++) {
                if (Math.abs(x[i] - labels.get(k)[0]) / w < halfWidth && Math.abs(y[i] - labels.get(k)[1]) / h < halfHeight) {
                    y[i] = Double.NaN;
                }
            }
        }
        return y;
    }

    /**
     * Where to write a level's value: the point of its line farthest from the labels already placed and from
     * the plot's border (distances measured in fractions of the box), or null when every point is crowded.
     */
    double[] labelPosition(Contour c, List<double[]> placed) {
        double w = box[1] - box[0];
        double h = box[3] - box[2];
        double best = MIN_LABEL_SPACING;
        double[] at = null;
        for (Polyline line : c.lines()) {
            double[] x = line.x();
            double[] y = line.y();
            for (int k = 0; k < x.length; k++) {
                double u = (x[k] - box[0]) / w;
                double v = (y[k] - box[2]) / h;
                double score = 2 * Math.min(Math.min(u, 1 - u), Math.min(v, 1 - v));
                for (double[] q : placed) {
                    score = Math.min(score, Math.hypot(u - (q[0] - box[0]) / w, v - (q[1] - box[2]) / h));
                }
                if (score > best) {
                    best = score;
                    at = new double[] {x[k], y[k]};
                }
            }
        }
        return at;
    }

    private void drawTrajectory(XYChart chart, int i) {
        double[][] path = paths.get(i);
        int finite = drawnSteps(path);
        String name = names.get(i);
        if (finite < path.length) {
            name += " (diverged at step " + finite + ")";
        }
        double[] x = new double[finite];
        double[] y = new double[finite];
        for (int t = 0; t < finite; t++) {
            x[t] = path[t][0];
            y[t] = path[t][1];
        }
        Color color = TRAJECTORY_COLORS[i % TRAJECTORY_COLORS.length];
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(Style.SOLID);
        s.setMarker(finite <= MAX_STEP_MARKERS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
    }

    private void drawEnds(XYChart chart) {
        double[] sx = new double[paths.size()];
        double[] sy = new double[paths.size()];
        double[] ex = new double[paths.size()];
        double[] ey = new double[paths.size()];
        for (int i = 0; i < paths.size(); i++) {
            double[][] path = paths.get(i);
            int last = drawnSteps(path) - 1;
            sx[i] = path[0][0];
            sy[i] = path[0][1];
            ex[i] = path[last][0];
            ey[i] = path[last][1];
        }
        XYSeries start = chart.addSeries("start", sx, sy);
        start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        start.setMarker(SeriesMarkers.SQUARE);
        start.setMarkerColor(Color.BLACK);
        XYSeries end = chart.addSeries("end", ex, ey);
        end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        end.setMarker(SeriesMarkers.DIAMOND);
        end.setMarkerColor(Color.BLACK);
    }

    /**
     * Rows before the first that is not finite or lies more than {@value #FAR_AWAY} box sides outside the box;
     * the drawing stops there (huge coordinates are of no use in the picture and strain the renderer).
     */
    int drawnSteps(double[][] path) {
        double w = box[1] - box[0];
        double h = box[3] - box[2];
        for (int t = 0; t < path.length; t++) {
            double x = path[t][0];
            double y = path[t][1];
            if (!Double.isFinite(x) || !Double.isFinite(y) || x < box[0] - FAR_AWAY * w || x > box[1] + FAR_AWAY * w
                    || y < box[2] - FAR_AWAY * h || y > box[3] + FAR_AWAY * h) {
                return t;
            }
        }
        return path.length;
    }

    private void addName(String name) {
        requireText(what(), "series name", name);
        if (!used.add(name) || name.equals(surfaceName) || name.equals("start") || name.equals("end")) {
            throw new IllegalArgumentException(what() + ": the name \"" + name + "\" is already taken; give each"
                    + " trajectory and point its own name");
        }
    }

    private Grid sampledGrid() {
        if (grid != null) {
            return grid;
        }
        if (f == null) {
            throw new IllegalStateException(what() + ": no function; call function(f, xMin, xMax, yMin, yMax)"
                    + " or grid(grid)");
        }
        return Grid.sample(f, box[0], box[1], box[2], box[3], resolution);
    }

    static String label(double level) {
        return Tables.significant(level, 2);
    }

    @Override
    public String toString() {
        return what() + " (" + (levels != null ? levels.length : levelCount) + " levels, " + paths.size()
                + " trajectories)";
    }
}
