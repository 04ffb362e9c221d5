package org.gradflow.kernel.display;

import org.gradflow.kernel.Progress;
import org.gradflow.viz.Svg;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The renderers every notebook starts with. Add a type here with one line.
 */
public final class DefaultRenderers {

    private DefaultRenderers() {
    }

    /** XChart charts as PNG (SVG on request), Tablesaw tables as HTML, gradflow SVG pictures, progress bars. */
    public static Renderers create() {
        return new Renderers()
                .register(Chart.class, "image/png", ChartImages::png)
                .registerOnRequest(Chart.class, "image/svg+xml", ChartImages::svg)
                .register(Chart.class, "text/plain", ChartImages::describe)
                .register(Table.class, "text/html", TableHtml::of)
                .register(Table.class, "text/plain", Table::print)
                .register(Svg.class, "image/svg+xml", Svg::markup)
                .register(Progress.class, "text/html", Progress::toHtml)
                .hide(DisplayId.class);
    }
}
