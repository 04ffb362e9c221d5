package org.gradflow.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds an {@link XYChart} of overlaid histograms that share one set of bins, e.g. the distribution of the
 * gradient entries of each layer. Each histogram is drawn as a translucent step outline so that overlaps stay
 * readable. Start with {@link Charts#histogram(String, String, String)}.
 *
 * <pre>{@code
 * XYChart chart = Charts.histogram("Gradients per layer", "dL/dW entry", "count")
 *         .bins(40)
 *         .series("layer 1", dW1)
 *         .series("layer 3", dW3)
 *         .build();
 * }</pre>
 */
public final class HistogramPlot extends PlotBuilder<HistogramPlot> {

    /** Number of bins when {@link #bins(int)} is not called. */
    public static final int DEFAULT_BINS = 30;

    private final List<String> names = new ArrayList<>();
    private final List<double[]> samples = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private int bins = DEFAULT_BINS;
    private double[] range;

    HistogramPlot(String title, String xLabel, String yLabel) {
        super("HistogramPlot", title, xLabel, yLabel);
    }

    /**
     * About how many equal-width bins cover the values of all series (exactly this many with {@link #range});
     * default {@value #DEFAULT_BINS}.
     */
    public HistogramPlot bins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException(what() + ": bins must be >= 1, got " + bins);
        }
        this.bins = bins;
        return self();
    }

    /** Bins [min, max] instead of the data's range; values outside are not counted. */
    public HistogramPlot range(double min, double max) {
        Data.checkRange(what(), "bin", min, max);
        range = new double[] {min, max};
        return self();
    }

    /** Adds the histogram of {@code values} (all finite). */
    public HistogramPlot series(String name, double... values) {
        requireText(what(), "series name", name);
        if (!used.add(name)) {
            throw new IllegalArgumentException(what() + ": a series named \"" + name + "\" was already added");
        }
        Objects.requireNonNull(values, what() + ": series \"" + name + "\" values are null");
        if (values.length == 0) {
            throw new IllegalArgumentException(what() + ": series \"" + name + "\" is empty");
        }
        Data.checkFinite(what(), name, "value", values);
        names.add(name);
        samples.add(values.clone());
        return self();
    }

    /**
     * The bin edges used for all series, increasing. With {@link #range} they split that range into
     * {@link #bins} equal bins; otherwise the bin width is the round number (1, 2, 2.5 or 5 times a power of 10)
     * nearest to (max - min) / bins and the edges are multiples of it covering all values, so the axis reads easily.
     */
    public double[] edges() {
        if (range != null) {
            double[] edges = new double[bins + 1];
            for (int k = 0; k <= bins; k++) {
                edges[k] = range[0] + (range[1] - range[0]) * k / bins;
            }
            return edges;
        }
        if (samples.isEmpty()) {
            throw new IllegalStateException(what() + ": no series yet, so no bins");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] s : samples) {
            for (double v : s) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double width = roundStep(max > min ? (max - min) / bins : Math.max(Math.abs(min), 1) * 0.1);
        long first = (long) Math.floor(min / width);
        long last = Math.max((long) Math.ceil(max / width), first + 1);
        if (first * width > min) {
            first--;
        }
        if (last * width < max) {
            last++;
        }
        double[] edges = new double[(int) (last - first) + 1];
        for (int k = 0; k < edges.length; k++) {
            edges[k] = (first + k) * width;
        }
        return edges;
    }

    /** The number of the form 1, 2, 2.5 or 5 times a power of 10 nearest to {@code raw} (on a log scale). */
    static double roundStep(double raw) {
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        double best = decade;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (Math.abs(Math.log(m * decade / raw)) < Math.abs(Math.log(best / raw))) {
                best = m * decade;
            }
        }
        return best;
    }

    /** The counts per bin of series {@code name}, over {@link #edges()}: counts[k] values v with edges[k] <= v < edges[k+1] (the last bin includes its right edge). */
    public double[] counts(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(what() + ": no series named \"" + name + "\"; have " + names);
        }
        double[] edges = edges();
        int n = edges.length - 1;
        Histogram h = new Histogram(Arrays.stream(samples.get(i)).boxed().toList(), n, edges[0], edges[n]);
        return h.getyAxisData().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The chart: one translucent step outline per series over shared bins. */
    public XYChart build() {
        if (names.isEmpty()) {
            throw new IllegalStateException(what() + ": no series; add one with series(name, values)");
        }
        double[] edges = edges();
        int n = edges.length - 1;
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        for (int i = 0; i < names.size(); i++) {
            double[] counts = counts(names.get(i));
            // Outline of the bars: up at the left edge, across each bin, down at the right edge.
            double[] x = new double[2 * n + 2];
            double[] y = new double[2 * n + 2];
            for (int k = 0; k < n; k++) {
                x[2 * k + 1] = edges[k];
                y[2 * k + 1] = counts[k];
                x[2 * k + 2] = edges[k + 1];
                y[2 * k + 2] = counts[k];
            }
            x[0] = edges[0];
            x[2 * n + 1] = edges[n];
            XYSeries s = chart.addSeries(names.get(i), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(Palette.series(i));
            s.setLineStyle(Style.THIN);
            s.setFillColor(Palette.withAlpha(Palette.series(i), 0.3));
        }
        Style.niceTicks(chart);
        Style.placeLegend(chart.getStyler(), Charts.legendEntries(chart), width);
        return chart;
    }

    @Override
    public String toString() {
        return what() + " (" + names.size() + " series, " + bins + " bins)";
    }
}
