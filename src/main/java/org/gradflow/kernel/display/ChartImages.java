package org.gradflow.kernel.display;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.gradflow.viz.Charts;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** XChart charts as PNG (base64, as Jupyter wants images) or SVG markup, drawn headless. */
public final class ChartImages {

    private ChartImages() {
    }

    /** The chart as a base64 PNG. */
    public static String png(Chart<?, ?> chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.getTitle() + " as PNG", e);
        }
    }

    /**
     * A one-line description: {@code XYChart "loss" (600 x 400, 2 series)}, counting the series in the legend
     * (not the hidden helpers that some builders add).
     */
    public static String describe(Chart<?, ?> chart) {
        return chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" (" + chart.getWidth() + " x "
                + chart.getHeight() + ", " + Charts.legendEntries(chart).size() + " series)";
    }

    /** The chart as SVG markup. */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + chart.getTitle() + " as SVG", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
