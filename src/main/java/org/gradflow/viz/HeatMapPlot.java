package org.gradflow.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Builds a {@link HeatMapChart} of a matrix given as rows: row 0 is drawn at the top, as the matrix is written.
 * Used for confusion matrices ({@link Charts#confusion(int[][], List)}) and small images.
 * Start with {@link Charts#heatMap(String, String, String)}.
 *
 * <pre>{@code
 * HeatMapChart chart = Charts.heatMap("Weights of layer 1", "input unit", "hidden unit")
 *         .values(W1.toArray())
 *         .build();
 * }</pre>
 */
public final class HeatMapPlot extends PlotBuilder<HeatMapPlot> {

    /** White to blue, for counts and magnitudes. */
    static final Color[] BLUES = {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)};
    /** White to black, for grayscale images (0 = paper, max = ink). */
    static final Color[] GRAYS = {Color.WHITE, Color.BLACK};

    private double[][] rows;
    private List<String> rowLabels;
    private List<String> columnLabels;
    private String seriesName = "value";
    private boolean showValues;
    private Color[] colors = BLUES;
    private String valuePattern = "0.##";

    HeatMapPlot(String title, String xLabel, String yLabel) {
        super("HeatMapPlot", title, xLabel, yLabel);
    }

    /** The matrix to draw, as rows (all rows the same length, all values finite); copied. */
    public HeatMapPlot values(double[][] rows) {
        Objects.requireNonNull(rows, what() + ": values are null");
        if (rows.length == 0 || rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException(what() + ": values must have at least one row and one column");
        }
        double[][] copy = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != rows[0].length) {
                throw new IllegalArgumentException(what() + ": row " + r + " has "
                        + (rows[r] == null ? "no" : rows[r].length) + " values but row 0 has " + rows[0].length);
            }
            Data.checkFinite(what(), seriesName, "row " + r + " value", rows[r]);
            copy[r] = rows[r].clone();
        }
        this.rows = copy;
        return self();
    }

    /** Labels of the rows, top to bottom (default 0, 1, 2, ...). */
    public HeatMapPlot rowLabels(List<String> labels) {
        rowLabels = List.copyOf(labels);
        return self();
    }

    /** Labels of the columns, left to right (default 0, 1, 2, ...). */
    public HeatMapPlot columnLabels(List<String> labels) {
        columnLabels = List.copyOf(labels);
        return self();
    }

    /** What the colours mean, shown as the legend title (e.g. "count"); default "value". */
    public HeatMapPlot legend(String name) {
        seriesName = requireText(what(), "series name", name);
        return self();
    }

    /** Writes each cell's value into it, with the {@link java.text.DecimalFormat} pattern given (e.g. "0"). */
    public HeatMapPlot showValues(String pattern) {
        valuePattern = Objects.requireNonNull(pattern, what() + ": value pattern is null");
        showValues = true;
        return self();
    }

    /** White (lowest value) to black (highest), for grayscale images. */
    public HeatMapPlot grayscale() {
        colors = GRAYS;
        return self();
    }

    /** The chart. */
    public HeatMapChart build() {
        if (rows == null) {
            throw new IllegalStateException(what() + ": no values; call values(double[][] rows)");
        }
        int nRows = rows.length;
        int nCols = rows[0].length;
        List<String> rLabels = labels(rowLabels, nRows, "row");
        List<String> cLabels = labels(columnLabels, nCols, "column");
        // XChart puts y index 0 at the bottom; reverse so that row 0 is on top.
        List<String> yData = new ArrayList<>(rLabels);
        java.util.Collections.reverse(yData);
        List<Number[]> heat = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < nRows; r++) {
            for (int c = 0; c < nCols; c++) {
                heat.add(new Number[] {c, nRows - 1 - r, rows[r][c]});
                min = Math.min(min, rows[r][c]);
                max = Math.max(max, rows[r][c]);
            }
        }
        if (min == max) {
            max = min + 1;
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setRangeColors(colors);
        chart.getStyler().setMin(min).setMax(max);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setShowValue(showValues);
        if (showValues) {
            chart.getStyler().setHeatMapValueDecimalPattern(valuePattern);
            chart.getStyler().setValueFont(new java.awt.Font(Style.FONT, java.awt.Font.BOLD, 12));
            chart.getStyler().setValueFontColor(new Color(0xD55E00));
        }
        chart.addSeries(seriesName, cLabels, yData, heat);
        return chart;
    }

    private List<String> labels(List<String> given, int count, String role) {
        if (given == null) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                out.add(String.valueOf(k));
            }
            return out;
        }
        if (given.size() != count) {
            throw new IllegalArgumentException(what() + ": " + given.size() + " " + role + " labels " + given
                    + " for " + count + " " + role + "s");
        }
        return given;
    }

    @Override
    public String toString() {
        return what() + (rows == null ? " (no values yet)" : " (" + rows.length + " x " + rows[0].length + ")");
    }

    static double[][] toDouble(int[][] counts) {
        return Arrays.stream(counts).map(r -> Arrays.stream(r).asDoubleStream().toArray()).toArray(double[][]::new);
    }
}
