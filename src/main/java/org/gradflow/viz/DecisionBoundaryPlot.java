package org.gradflow.viz;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.gradflow.tensor.Matrix;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The decision regions of any classifier of points in the plane, filled in light class colours, with the data
 * points drawn over them in the full colours: the usual picture of a teaching experiment on 2-D data. The classifier
 * is a function from a batch ({@code 2 x N}, one column per point) to the predicted classes, so a {@code Network}
 * or {@code Sequential} goes in as {@code net::predict}. Start with
 * {@link Charts#decisionBoundary(String, String, String)}.
 *
 * <pre>{@code
 * XYChart chart = Charts.decisionBoundary("Moons, 2-16-2 relu", "x1", "x2")
 *         .classifier(net::predict).points(moons.X(), moons.labels())
 *         .build();
 * }</pre>
 */
public final class DecisionBoundaryPlot extends PlotBuilder<DecisionBoundaryPlot> {

    /** Grid points per side of the box by default. */
    public static final int DEFAULT_RESOLUTION = 90;

    private Function<Matrix, int[]> classifier;
    private Matrix X;
    private int[] labels;
    private List<String> classNames;
    private double[] box;
    private int resolution = DEFAULT_RESOLUTION;

    DecisionBoundaryPlot(String title, String xLabel, String yLabel) {
        super("DecisionBoundaryPlot", title, xLabel, yLabel);
    }

    /** The classifier: predicted class (0, 1, ...) of each column of a {@code 2 x N} batch, e.g. {@code net::predict}. */
    public DecisionBoundaryPlot classifier(Function<Matrix, int[]> predict) {
        this.classifier = Objects.requireNonNull(predict, what() + ": classifier is null");
        return self();
    }

    /** The data points ({@code 2 x N}, one column per point) and their true classes. */
    public DecisionBoundaryPlot points(Matrix X, int[] labels) {
        Objects.requireNonNull(X, what() + ": points are null");
        Objects.requireNonNull(labels, what() + ": labels are null");
        if (X.rows() != 2) {
            throw new IllegalArgumentException(what() + ": points are " + X.shape() + " but must be 2 x N (x1 and x2"
                    + " in the rows, one column per point)");
        }
        if (labels.length != X.cols()) {
            throw new IllegalArgumentException(what() + ": " + labels.length + " labels for " + X.cols() + " points");
        }
        for (int m = 0; m < labels.length; m++) {
            if (labels[m] < 0) {
                throw new IllegalArgumentException(what() + ": label " + labels[m] + " of point " + m + " is negative");
            }
        }
        X.requireFinite(what() + " (points)");
        this.X = X;
        this.labels = labels.clone();
        return self();
    }

    /** Names of the classes for the legend (default {@code class 0}, {@code class 1}, ...). */
    public DecisionBoundaryPlot classNames(List<String> names) {
        this.classNames = List.copyOf(Objects.requireNonNull(names, what() + ": class names are null"));
        return self();
    }

    /** The region shown; by default the points' range with a margin of 10% on each side. */
    public DecisionBoundaryPlot box(double xMin, double xMax, double yMin, double yMax) {
        Data.checkRange(what(), "x", xMin, xMax);
        Data.checkRange(what(), "y", yMin, yMax);
        this.box = new double[] {xMin, xMax, yMin, yMax};
        return self();
    }

    /** Grid points per side (default {@value #DEFAULT_RESOLUTION}), between 10 and 400. */
    public DecisionBoundaryPlot resolution(int pointsPerSide) {
        if (pointsPerSide < 10 || pointsPerSide > 400) {
            throw new IllegalArgumentException(what() + ": resolution " + pointsPerSide + " must lie in 10..400");
        }
        this.resolution = pointsPerSide;
        return self();
    }

    /**
     * The predicted class at each grid point: {@code regions()[i][j]} at {@code y = yMin + i dy},
     * {@code x = xMin + j dx} (row 0 at the bottom), one batch through the classifier.
     */
    public int[][] regions() {
        double[] b = box();
        int n = resolution;
        double[] grid = new double[2 * n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                grid[i * n + j] = b[0] + (b[1] - b[0]) * j / (n - 1);
                grid[n * n + i * n + j] = b[2] + (b[3] - b[2]) * i / (n - 1);
            }
        }
        if (classifier == null) {
            throw new IllegalStateException(what() + ": no classifier; call classifier(net::predict)");
        }
        int[] predicted = classifier.apply(Matrix.of(2, n * n, grid));
        if (predicted == null || predicted.length != n * n) {
            throw new IllegalStateException(what() + ": the classifier returned " + (predicted == null ? "null"
                    : predicted.length + " classes") + " for a batch of " + n * n + " points; it must return one"
                    + " class per column");
        }
        int[][] regions = new int[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int c = predicted[i * n + j];
                if (c < 0) {
                    throw new IllegalStateException(what() + ": the classifier returned class " + c);
                }
                regions[i][j] = c;
            }
        }
        return regions;
    }

    /** The box {xMin, xMax, yMin, yMax} drawn. */
    public double[] box() {
        if (box != null) {
            return box.clone();
        }
        if (X == null) {
            throw new IllegalStateException(what() + ": no points and no box; call points(X, labels) or box(...)");
        }
        double[] x = X.toArray()[0];
        double[] y = X.toArray()[1];
        double xMin = Arrays.stream(x).min().orElseThrow();
        double xMax = Arrays.stream(x).max().orElseThrow();
        double yMin = Arrays.stream(y).min().orElseThrow();
        double yMax = Arrays.stream(y).max().orElseThrow();
        double dx = Math.max(xMax - xMin, 1e-9) * 0.1;
        double dy = Math.max(yMax - yMin, 1e-9) * 0.1;
        return new double[] {xMin - dx, xMax + dx, yMin - dy, yMax + dy};
    }

    /** The chart: one series of filled squares per predicted class, then the points of each true class. */
    public XYChart build() {
        double[] b = box();
        int[][] regions = regions();
        int n = resolution;
        int classes = 0;
        for (int[] row : regions) {
            for (int c : row) {
                classes = Math.max(classes, c + 1);
            }
        }
        if (labels != null) {
            for (int c : labels) {
                classes = Math.max(classes, c + 1);
            }
        }
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setXAxisMin(b[0]).setXAxisMax(b[1]).setYAxisMin(b[2]).setYAxisMax(b[3]);
        // squares a little larger than a grid cell, so that neighbours overlap and the region looks filled
        chart.getStyler().setMarkerSize((int) Math.ceil(1.5 * Math.max(width, height) / n));
        for (int c = 0; c < classes; c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (regions[i][j] == c) {
                        xs.add(b[0] + (b[1] - b[0]) * j / (n - 1));
                        ys.add(b[2] + (b[3] - b[2]) * i / (n - 1));
                    }
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(name(c) + " region", xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.SQUARE);
            s.setMarkerColor(light(Palette.series(c)));
            s.setShowInLegend(false);
        }
        if (X != null) {
            for (int c = 0; c < classes; c++) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int m = 0; m < labels.length; m++) {
                    if (labels[m] == c) {
                        xs.add(X.get(0, m));
                        ys.add(X.get(1, m));
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                XYSeries s = chart.addSeries(name(c), xs, ys);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(Palette.series(c));
            }
        }
        return chart;
    }

    private String name(int c) {
        return classNames != null && c < classNames.size() ? classNames.get(c) : "class " + c;
    }

    /** The colour mixed with 75% white: the region behind the points of that class. */
    private static Color light(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    @Override
    public String toString() {
        return "DecisionBoundaryPlot(\"" + title + "\", " + resolution + " x " + resolution + " grid"
                + (X == null ? "" : ", " + X.cols() + " points") + ")";
    }
}
