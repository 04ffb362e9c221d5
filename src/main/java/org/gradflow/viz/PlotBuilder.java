package org.gradflow.viz;

import java.util.Objects;

/**
 * What every gradflow chart builder has: a title, two axis labels (with units) and a size.
 * The builders return XChart objects and display nothing.
 *
 * @param <B> the concrete builder, so that fluent calls keep their type
 */
public abstract class PlotBuilder<B extends PlotBuilder<B>> {

    final String title;
    final String xLabel;
    final String yLabel;
    int width = Style.WIDTH;
    int height = Style.HEIGHT;

    PlotBuilder(String kind, String title, String xLabel, String yLabel) {
        this.title = requireText(kind, "title", title);
        this.xLabel = requireText(kind, "x axis label", xLabel);
        this.yLabel = requireText(kind, "y axis label", yLabel);
    }

    /** Pixel size of the chart; the default is 640 x 400. */
    public B size(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException(what() + ": size must be at least 100 x 100 pixels, got "
                    + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        return self();
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Names the chart in error messages, e.g. {@code LinePlot "Loss per epoch"}. */
    final String what() {
        return getClass().getSimpleName() + " \"" + title + "\"";
    }

    static String requireText(String kind, String role, String text) {
        Objects.requireNonNull(text, kind + ": " + role + " is null");
        if (text.isBlank()) {
            throw new IllegalArgumentException(kind + ": " + role + " is blank"
                    + (role.startsWith("series") ? "" : "; every chart needs a title and axis labels with units,"
                    + " e.g. \"wall time (s)\""));
        }
        return text;
    }
}
