package org.gradflow.kernel.display;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.gradflow.check.GradCheckReport;
import org.gradflow.check.StepSweep;
import org.gradflow.graph.Trace;
import org.gradflow.kernel.Progress;
import org.gradflow.nn.BiasPitfall;
import org.gradflow.train.History;
import org.gradflow.viz.BackwardStepper;
import org.gradflow.viz.Images;
import org.gradflow.viz.Svg;
import org.gradflow.viz.Tables;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * The renderers every notebook starts with. Add a type here with one line.
 */
public final class DefaultRenderers {

    private DefaultRenderers() {
    }

    /**
     * XChart charts as PNG (SVG on request), Tablesaw tables as HTML, gradflow SVG pictures, the backward-pass
     * stepper as an HTML animation, images (e.g. a grid of digits) as PNG, gradient-check reports as their summary
     * and table, the library's other reports (graph traces, step sweeps, training histories, bias-pitfall runs) as
     * their {@link Tables#of} tables, progress bars.
     */
    public static Renderers create() {
        return new Renderers()
                .register(Chart.class, "image/png", ChartImages::png)
                .registerOnRequest(Chart.class, "image/svg+xml", ChartImages::svg)
                .register(Chart.class, "text/plain", ChartImages::describe)
                .register(Table.class, "text/html", Tables::toHtml)
                .register(Table.class, "text/plain", Table::print)
                .register(Svg.class, "image/svg+xml", Svg::markup)
                .register(BackwardStepper.class, "text/html", BackwardStepper::toHtml)
                .register(BufferedImage.class, "image/png", image -> Base64.getEncoder().encodeToString(Images.toPng(image)))
                .register(BufferedImage.class, "text/plain", image -> "image " + image.getWidth() + " x " + image.getHeight())
                .register(GradCheckReport.class, "text/html", Tables::toHtml)
                .register(Trace.class, "text/html", trace -> Tables.toHtml(Tables.of(trace)))
                .register(StepSweep.class, "text/html", sweep -> Tables.toHtml(Tables.of(sweep)))
                .register(History.class, "text/html", history -> Tables.toHtml(Tables.of(history)))
                .register(BiasPitfall.History.class, "text/html", run -> Tables.toHtml(Tables.of(run)))
                .register(BiasPitfall.Result.class, "text/html", result -> Tables.toHtml(Tables.of(result)))
                .register(Progress.class, "text/html", Progress::toHtml)
                .hide(DisplayId.class);
    }
}
