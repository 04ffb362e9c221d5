package org.gradflow.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Builds a {@link CategoryChart} of grouped bars: one bar group per category, one bar colour per series,
 * e.g. the gradient magnitude per layer for sigmoid and for ReLU networks. Start with
 * {@link Charts#bars(String, String, String)}.
 *
 * <pre>{@code
 * CategoryChart chart = Charts.bars("Gradient size per layer", "layer", "mean |dL/dW| (log scale)")
 *         .categories("1", "2", "3", "4")
 *         .series("sigmoid", sigmoidNorms)
 *         .series("relu", reluNorms)
 *         .logY()
 *         .build();
 * }</pre>
 */
public final class BarPlot extends PlotBuilder<BarPlot> {

    private List<String> categories;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    private boolean logY;

    BarPlot(String title, String xLabel, String yLabel) {
        super("BarPlot", title, xLabel, yLabel);
    }

    /** The categories along the x axis, in order; call once, before any series. */
    public BarPlot categories(String... categories) {
        Objects.requireNonNull(categories, what() + ": categories are null");
        if (this.categories != null) {
            throw new IllegalStateException(what() + ": categories were already set to " + this.categories);
        }
        if (categories.length == 0) {
            throw new IllegalArgumentException(what() + ": needs at least one category");
        }
        Set<String> seen = new HashSet<>();
        for (String c : categories) {
            Objects.requireNonNull(c, what() + ": a category is null in " + Arrays.toString(categories));
            if (!seen.add(c)) {
                throw new IllegalArgumentException(what() + ": category \"" + c + "\" appears twice in "
                        + Arrays.toString(categories));
            }
        }
        this.categories = List.of(categories);
        return self();
    }

    /** Adds one bar per category with the given heights (values[k] belongs to category k). */
    public BarPlot series(String name, double... values) {
        requireText(what(), "series name", name);
        if (categories == null) {
            throw new IllegalStateException(what() + ": call categories(...) before series(\"" + name + "\", ...)");
        }
        if (!used.add(name)) {
            throw new IllegalArgumentException(what() + ": a series named \"" + name + "\" was already added");
        }
        Objects.requireNonNull(values, what() + ": series \"" + name + "\" values are null");
        if (values.length != categories.size()) {
            throw new IllegalArgumentException(what() + ": series \"" + name + "\" has " + values.length
                    + " values but there are " + categories.size() + " categories " + categories);
        }
        Data.checkFinite(what(), name, "y", values);
        names.add(name);
        this.values.add(values.clone());
        return self();
    }

    /** Logarithmic y axis, for heights that span decades (vanishing gradients). */
    public BarPlot logY() {
        logY = true;
        return self();
    }

    /** The chart, styled and checked: at least one series, positive heights on a logarithmic axis. */
    public CategoryChart build() {
        if (names.isEmpty()) {
            throw new IllegalStateException(what() + ": no series; add one with series(name, values)");
        }
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        Style.apply(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setAvailableSpaceFill(0.7);
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < names.size(); i++) {
            if (logY) {
                Data.checkPositive(what(), names.get(i), "y", values.get(i));
                smallest = Math.min(smallest, Arrays.stream(values.get(i)).min().orElseThrow());
            }
            List<Double> heights = Arrays.stream(values.get(i)).boxed().toList();
            CategorySeries s = chart.addSeries(names.get(i), categories, heights);
            s.setFillColor(Palette.series(i));
        }
        if (logY) {
            // Bars grow from the axis minimum, which XChart would put at 0: start at the decade below the data.
            double bottom = Math.pow(10, Math.ceil(Math.log10(smallest)) - 1);
            chart.getStyler().setYAxisMin(bottom);
            double largest = values.stream().flatMapToDouble(Arrays::stream).max().orElseThrow();
            Style.labelLogAxis(chart.getStyler(), true, bottom, largest);
        }
        Style.placeLegend(chart.getStyler(), Charts.legendEntries(chart), width);
        return chart;
    }

    @Override
    public String toString() {
        return what() + " (" + names.size() + " series over " + (categories == null ? "no categories yet" : categories)
                + (logY ? ", log y" : "") + ")";
    }
}
