package org.gradflow.viz;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds an {@link XYChart} of lines and points: loss curves, comparisons of several runs, log-log error plots,
 * a function and its derivative. Start with {@link Charts#lines(String, String, String)}; each {@code series}
 * call adds one legend entry; {@link #dashed()} and {@link #markers()} restyle the series added last.
 *
 * <pre>{@code
 * XYChart chart = Charts.lines("Loss per epoch", "epoch", "cross-entropy loss (nats)")
 *         .series("batch 32", epochs, loss32)
 *         .series("batch 256", epochs, loss256)
 *         .logY()
 *         .build();
 * }</pre>
 *
 * NaN in y leaves a gap in a line (a diverged run); infinite values are rejected, and so are NaN, zero and
 * negative values on a logarithmic axis.
 */
public final class LinePlot extends PlotBuilder<LinePlot> {

    /** Points a function is sampled at by {@link #function(String, DoubleUnaryOperator, double, double)}. */
    public static final int FUNCTION_SAMPLES = 201;

    private enum Kind { LINE, SCATTER }

    private static final class Entry {
        final String name;
        final double[] x;
        final double[] y;
        final Kind kind;
        boolean dashed;
        boolean markers;

        Entry(String name, double[] x, double[] y, Kind kind) {
            this.name = name;
            this.x = x;
            this.y = y;
            this.kind = kind;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private boolean logX;
    private boolean logY;
    private double[] xRange;
    private double[] yRange;

    LinePlot(String title, String xLabel, String yLabel) {
        super("LinePlot", title, xLabel, yLabel);
    }

    /** Adds a line through the points (x[i], y[i]); the arrays are copied. */
    public LinePlot series(String name, double[] x, double[] y) {
        return add(name, x, y, Kind.LINE);
    }

    /** Adds a line through (x[i], y[i]) for number lists, e.g. a training history. */
    public LinePlot series(String name, List<? extends Number> x, List<? extends Number> y) {
        Objects.requireNonNull(x, what() + ": series \"" + name + "\": x is null");
        Objects.requireNonNull(y, what() + ": series \"" + name + "\": y is null");
        return series(name, toArray(x), toArray(y));
    }

    /** Adds points without a connecting line. */
    public LinePlot scatter(String name, double[] x, double[] y) {
        add(name, x, y, Kind.SCATTER);
        return self();
    }

    /** Adds the curve y = f(x) sampled at {@value #FUNCTION_SAMPLES} evenly spaced points of [from, to]. */
    public LinePlot function(String name, DoubleUnaryOperator f, double from, double to) {
        Objects.requireNonNull(f, what() + ": function \"" + name + "\" is null");
        Data.checkRange(what(), "function \"" + name + "\" x", from, to);
        double[] x = new double[FUNCTION_SAMPLES];
        double[] y = new double[FUNCTION_SAMPLES];
        for (int i = 0; i < FUNCTION_SAMPLES; i++) {
            x[i] = from + (to - from) * i / (FUNCTION_SAMPLES - 1);
            y[i] = f.applyAsDouble(x[i]);
        }
        return add(name, x, y, Kind.LINE);
    }

    /** Draws the series added last with a dashed line (e.g. the raw estimate next to the corrected one). */
    public LinePlot dashed() {
        last("dashed").dashed = true;
        return self();
    }

    /** Draws a marker at every point of the series added last (useful for few points, e.g. P = 1, 10, 100). */
    public LinePlot markers() {
        last("markers").markers = true;
        return self();
    }

    /** Logarithmic x axis. */
    public LinePlot logX() {
        logX = true;
        return self();
    }

    /** Logarithmic y axis (loss curves spanning decades, errors). */
    public LinePlot logY() {
        logY = true;
        return self();
    }

    /** Logarithmic x and y axes: a power law y = c x^k becomes a straight line of slope k. */
    public LinePlot logLog() {
        return logX().logY();
    }

    /** Fixes the x axis to [min, max] instead of fitting the data. */
    public LinePlot xRange(double min, double max) {
        Data.checkRange(what(), "x", min, max);
        xRange = new double[] {min, max};
        return self();
    }

    /** Fixes the y axis to [min, max] instead of fitting the data. */
    public LinePlot yRange(double min, double max) {
        Data.checkRange(what(), "y", min, max);
        yRange = new double[] {min, max};
        return self();
    }

    /** The chart, styled and checked: at least one series, positive values on logarithmic axes. */
    public XYChart build() {
        if (entries.isEmpty()) {
            throw new IllegalStateException(what() + ": no series; add one with series(name, x, y)");
        }
        for (Entry e : entries) {
            if (logX) {
                Data.checkPositive(what(), e.name, "x", e.x);
            }
            if (logY) {
                Data.checkPositive(what(), e.name, "y", e.y);
            }
        }
        checkRangeOnLogAxis();
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        if (logX && decadesOfX() > 8) {
            // XChart labels every decade of a log axis; turn the labels so that many decades do not overlap.
            chart.getStyler().setXAxisLabelRotation(45);
        }
        chart.getStyler().setYAxisLogarithmic(logY);
        if (logX) {
            double[] span = xRange != null ? xRange : span(true);
            Style.labelLogAxis(chart.getStyler(), false, span[0], span[1]);
        }
        if (logY) {
            double[] span = yRange != null ? yRange : span(false);
            Style.labelLogAxis(chart.getStyler(), true, span[0], span[1]);
        }
        if (xRange != null) {
            chart.getStyler().setXAxisMin(xRange[0]).setXAxisMax(xRange[1]);
        }
        if (yRange != null) {
            chart.getStyler().setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            XYSeries s = chart.addSeries(e.name, e.x, e.y);
            s.setLineColor(Palette.series(i));
            s.setMarkerColor(Palette.series(i));
            s.setMarker(e.kind == Kind.SCATTER || e.markers ? Style.MARKERS[i % Style.MARKERS.length] : SeriesMarkers.NONE);
            if (e.kind == Kind.SCATTER) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            } else {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineStyle(e.dashed ? Style.DASHED : Style.SOLID);
            }
        }
        Style.niceTicks(chart);
        Style.placeLegend(chart.getStyler(), Charts.legendEntries(chart), width);
        return chart;
    }

    /** The smallest and largest x (or y) over every series, NaN gaps left out. */
    private double[] span(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Entry e : entries) {
            for (double v : x ? e.x : e.y) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return new double[] {min, max};
    }

    private double decadesOfX() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Entry e : entries) {
            for (double v : e.x) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return Math.log10(max / min);
    }

    private void checkRangeOnLogAxis() {
        if (logX && xRange != null && xRange[0] <= 0) {
            throw new IllegalStateException(what() + ": x range [" + xRange[0] + ", " + xRange[1]
                    + "] includes values <= 0, which a logarithmic x axis cannot show");
        }
        if (logY && yRange != null && yRange[0] <= 0) {
            throw new IllegalStateException(what() + ": y range [" + yRange[0] + ", " + yRange[1]
                    + "] includes values <= 0, which a logarithmic y axis cannot show");
        }
    }

    private LinePlot add(String name, double[] x, double[] y, Kind kind) {
        requireText(what(), "series name", name);
        if (!names.add(name)) {
            throw new IllegalArgumentException(what() + ": a series named \"" + name
                    + "\" was already added; give each series its own name");
        }
        Data.checkXY(what(), name, x, y);
        entries.add(new Entry(name, x.clone(), y.clone(), kind));
        return self();
    }

    private Entry last(String call) {
        if (entries.isEmpty()) {
            throw new IllegalStateException(what() + ": " + call + "() restyles the series added last, but there is none yet");
        }
        return entries.get(entries.size() - 1);
    }

    private double[] toArray(List<? extends Number> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            Number v = Objects.requireNonNull(values.get(i), what() + ": list element " + i + " is null");
            out[i] = v.doubleValue();
        }
        return out;
    }

    @Override
    public String toString() {
        return what() + " (" + xLabel + " vs " + yLabel + ", " + entries.size() + " series"
                + (logX ? ", log x" : "") + (logY ? ", log y" : "") + ")";
    }
}
