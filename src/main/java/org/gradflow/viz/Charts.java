package org.gradflow.viz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;

/**
 * Where every gradflow chart starts. Each method returns a builder or an XChart object; nothing is displayed
 * here (the Jupyter kernel renders the chart a cell returns). All charts share one style: 640 x 400 pixels,
 * colour-blind-safe colours ({@link Palette}), the legend beside the plot so it never covers data.
 *
 * <p>Every chart has a title and axis labels; put the unit in the label, e.g. {@code "wall time (s)"}.
 */
public final class Charts {

    private Charts() {
    }

    /** Lines and points over numeric axes: loss curves, comparisons, log-log error plots, functions. */
    public static LinePlot lines(String title, String xLabel, String yLabel) {
        return new LinePlot(title, xLabel, yLabel);
    }

    /** Grouped bars over named categories, e.g. gradient size per layer. */
    public static BarPlot bars(String title, String xLabel, String yLabel) {
        return new BarPlot(title, xLabel, yLabel);
    }

    /** Overlaid histograms sharing one set of bins, e.g. gradient entries per layer. */
    public static HistogramPlot histogram(String title, String xLabel, String yLabel) {
        return new HistogramPlot(title, xLabel, yLabel);
    }

    /** A matrix as coloured cells, row 0 on top. */
    public static HeatMapPlot heatMap(String title, String xLabel, String yLabel) {
        return new HeatMapPlot(title, xLabel, yLabel);
    }

    /** The decision regions of a classifier of 2-D points, filled, with the data points drawn over them. */
    public static DecisionBoundaryPlot decisionBoundary(String title, String xLabel, String yLabel) {
        return new DecisionBoundaryPlot(title, xLabel, yLabel);
    }

    /** Contour lines of a function of two variables with optimizer trajectories drawn over them. */
    public static ContourPlot contours(String title, String xLabel, String yLabel) {
        return new ContourPlot(title, xLabel, yLabel);
    }

    /**
     * A confusion matrix as a heat map: {@code counts[t][p]} examples of true class t predicted as p;
     * true classes down, predicted classes across, the count written in each cell.
     */
    public static HeatMapChart confusion(int[][] counts, List<String> labels) {
        return confusion("Confusion matrix", counts, labels);
    }

    /** {@link #confusion(int[][], List)} with a title of your own, e.g. "Confusion matrix, test set". */
    public static HeatMapChart confusion(String title, int[][] counts, List<String> labels) {
        Confusion.check("Charts.confusion", counts, labels);
        return heatMap(title, "predicted class", "true class")
                .values(HeatMapPlot.toDouble(counts))
                .rowLabels(labels)
                .columnLabels(labels)
                .legend("examples")
                .showValues("0")
                .build();
    }

    /**
     * The entries of the chart's legend: the series a reader sees, named as the legend names them. Series
     * kept out of the legend do not count: the hidden helper that asks XChart for round-number ticks, the
     * second and later pieces of a contour line.
     */
    public static List<String> legendEntries(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "Charts.legendEntries: chart is null");
        List<String> entries = new ArrayList<>();
        for (Series s : chart.getSeriesMap().values()) {
            if (s.isShowInLegend() && s.isEnabled()) {
                entries.add(s.getLabel() != null ? s.getLabel() : s.getName());
            }
        }
        return entries;
    }

    /** The chart as PNG bytes, as the kernel sends it (renders headless). */
    public static byte[] toPng(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "Charts.toPng: chart is null");
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Charts.toPng: could not encode \"" + chart.getTitle() + "\"", e);
        }
    }

    /** The chart as an SVG picture (vector graphics: sharp at any zoom, and text stays searchable). */
    public static Svg toSvg(Chart<?, ?> chart) {
        Objects.requireNonNull(chart, "Charts.toSvg: chart is null");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("Charts.toSvg: could not encode \"" + chart.getTitle() + "\"", e);
        }
        // XChart gives the root a viewBox; the style lets a chart wider than the output area shrink to fit it.
        String markup = out.toString(StandardCharsets.UTF_8)
                .replaceFirst("<svg ", "<svg style=\"" + GraphPicture.SCALES + "\" ");
        return new Svg(markup, chart.getTitle());
    }
}
