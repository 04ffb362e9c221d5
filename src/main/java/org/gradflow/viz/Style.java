package org.gradflow.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The one house style of gradflow charts, applied by every builder in this package. */
final class Style {

    static final int WIDTH = 640;
    static final int HEIGHT = 400;
    static final String FONT = Font.SANS_SERIF;

    /** Marker shapes, so series differ in shape as well as colour. */
    static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL
    };

    static final BasicStroke SOLID = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f);
    static final BasicStroke THIN = new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    private Style() {
    }

    /** Legend entries longer than this go below the plot, so that they do not squeeze it. */
    static final int LONG_LEGEND_ENTRY = 22;

    /**
     * Puts the legend beside the plot, or below it (in a row) when an entry is long: outside either way, so
     * it never covers data.
     */
    static void placeLegend(AxesChartStyler styler, List<String> entries, int chartWidth) {
        int longest = 0;
        for (String entry : entries) {
            longest = Math.max(longest, entry.length());
        }
        if (longest > LONG_LEGEND_ENTRY) {
            // Below the plot: in one row when the row fits the chart's width, else one entry per line
            // (XChart does not wrap a row, it cuts it off at the edge).
            styler.setLegendPosition(Styler.LegendPosition.OutsideS);
            styler.setLegendLayout(legendRowWidth(styler, entries) <= chartWidth - 2 * styler.getChartPadding()
                    ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
        } else {
            styler.setLegendPosition(Styler.LegendPosition.OutsideE);
            styler.setLegendLayout(Styler.LegendLayout.Vertical);
        }
    }

    /** The length of the line or marker sample that XChart draws before each legend entry, in pixels. */
    private static final int LEGEND_SAMPLE = 24;

    /**
     * The width of a legend laid out in one row, as XChart draws it: per entry the sample, a gap and the
     * name in the legend font, with the legend's padding between entries and around the row.
     */
    static double legendRowWidth(AxesChartStyler styler, List<String> entries) {
        FontRenderContext context = new FontRenderContext(null, true, false);
        double padding = styler.getLegendPadding();
        double width = padding;
        for (String entry : entries) {
            width += LEGEND_SAMPLE + padding + styler.getLegendFont().getStringBounds(entry, context).getWidth() + padding;
        }
        return width;
    }

    /**
     * Labels a logarithmic axis so that it has more than one label. XChart labels only the powers of ten by
     * default, which leaves one label (or none) on an axis over less than two of them, e.g. 0.05 to 0.7;
     * there it labels every tick (1, 2, ..., 9 times a power of ten) instead.
     */
    static void labelLogAxis(AxesChartStyler styler, boolean yAxis, double min, double max) {
        boolean decadeOnly = powersOfTenWithin(min, max) >= 2;
        if (yAxis) {
            styler.setYAxisLogarithmicDecadeOnly(decadeOnly);
        } else {
            styler.setXAxisLogarithmicDecadeOnly(decadeOnly);
        }
    }

    /** How many powers of ten lie in [min, max] (both > 0). */
    static int powersOfTenWithin(double min, double max) {
        return (int) (Math.floor(Math.log10(max) + 1e-12) - Math.ceil(Math.log10(min) - 1e-12) + 1);
    }

    /** Name of the hidden series added by {@link #niceTicks(XYChart)}. */
    static final String TICK_HELPER = "gradflow: round-number ticks";

    /**
     * Asks for ticks at round numbers. XChart 3.8.8 puts an axis' ticks only at data values when the data are
     * evenly spaced (as sampled functions, epochs and histogram edges are), which gives ticks like -4.74, -3.48.
     * It makes that test over all series, drawn or not; a disabled, unlisted series holding NaN fails the test
     * and leaves the usual round-number ticks, without taking part in ranges or drawing.
     */
    static void niceTicks(XYChart chart) {
        XYSeries helper = chart.addSeries(TICK_HELPER, new double[] {Double.NaN}, new double[] {Double.NaN});
        helper.setShowInLegend(false);
        helper.setEnabled(false);
    }

    /** White background, light grid, readable fonts, colour-blind-safe colours, legend beside the plot. */
    static void apply(AxesChartStyler styler) {
        styler.setBaseFont(new Font(FONT, Font.PLAIN, 12));
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        styler.setAnnotationTextFont(new Font(FONT, Font.PLAIN, 10));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0x999999));
        styler.setPlotGridLinesColor(new Color(0xE6E6E6));
        // Solid hairlines: XChart's default dashes turn the dense grid of a log axis into a grey texture.
        styler.setPlotGridLinesStroke(new BasicStroke(0.7f));
        styler.setChartTitleBoxVisible(false);
        styler.setLegendBorderColor(new Color(0xCCCCCC));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendVisible(true);
        styler.setSeriesColors(Palette.series());
        styler.setSeriesMarkers(MARKERS);
        styler.setMarkerSize(6);
        styler.setChartPadding(8);
        styler.setAntiAlias(true);
        styler.setAxisTicksMarksVisible(true);
    }
}
