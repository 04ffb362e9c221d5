package org.gradflow.kernel.display;

import java.util.Base64;
import org.gradflow.viz.Charts;
import org.knowm.xchart.internal.chartpart.Chart;

/** XChart charts as PNG (base64, as Jupyter wants images) or SVG markup, drawn headless. */
public final class ChartImages {

    private ChartImages() {
    }

    /** The chart as a base64 PNG. */
    public static String png(Chart<?, ?> chart) {
        return Base64.getEncoder().encodeToString(Charts.toPng(chart));
    }

    /**
     * A one-line description: {@code XYChart "loss" (600 x 400, 2 series)}, counting the series in the legend
     * (not the hidden helpers that some builders add).
     */
    public static String describe(Chart<?, ?> chart) {
        return chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" (" + chart.getWidth() + " x "
                + chart.getHeight() + ", " + Charts.legendEntries(chart).size() + " series)";
    }

    /** The chart as SVG markup that shrinks to the output width (see {@link Charts#toSvg}). */
    public static String svg(Chart<?, ?> chart) {
        return Charts.toSvg(chart).markup();
    }
}
