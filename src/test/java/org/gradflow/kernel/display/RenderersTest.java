package org.gradflow.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.gradflow.check.GradCheck;
import org.gradflow.check.GradCheckReport;
import org.gradflow.graph.Value;
import org.gradflow.viz.BackwardStepper;
import org.gradflow.viz.Images;
import org.gradflow.viz.Svg;
import org.gradflow.viz.Tables;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The renderer registry and the default renderers. */
class RenderersTest {

    private final Renderers defaults = DefaultRenderers.create();

    @Test
    void theMostSpecificRegistrationWinsAndTextIsAlwaysThere() {
        Renderers r = new Renderers()
                .register(Number.class, "text/html", n -> "<b>number</b>")
                .register(Integer.class, "text/html", n -> "<b>int " + n + "</b>")
                .register(Number.class, "text/latex", n -> "$" + n + "$");
        MimeBundle bundle = r.render(7);
        assertEquals("<b>int 7</b>", bundle.data().get("text/html"));
        assertEquals("$7$", bundle.data().get("text/latex"));
        assertEquals("7", bundle.data().get("text/plain"));
        assertEquals("<b>number</b>", r.render(2.5).data().get("text/html"));
    }

    @Test
    void plainTextQuotesStringsAndListsArraysAsJShellDoes() {
        assertEquals("\"a\\nb\"", Renderers.plainText("a\nb"));
        assertEquals("int[3] { 1, 2, 3 }", Renderers.plainText(new int[] {1, 2, 3}));
        assertEquals("null", Renderers.plainText(null));
        String huge = Renderers.plainText("x".repeat(Renderers.MAX_TEXT * 2));
        assertTrue(huge.length() < Renderers.MAX_TEXT + 100 && huge.endsWith("more characters)"));
    }

    @Test
    void onRequestTypesOnlyWhenAskedAndUnknownOnesFailClearly() {
        Renderers r = new Renderers().registerOnRequest(String.class, "text/markdown", s -> "*" + s + "*");
        assertFalse(r.render("hi").data().containsKey("text/markdown"));
        assertEquals("*hi*", r.render("hi", List.of("text/markdown")).data().get("text/markdown"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.render("hi", List.of("image/png")));
        assertTrue(e.getMessage().contains("java.lang.String cannot be shown as image/png"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.register(String.class, "png", s -> s));
    }

    @Test
    void aStringAskedForInATextTypeIsThatOutputAsItIs() {
        Renderers r = new Renderers();
        for (String mime : List.of("text/html", "text/markdown", "text/latex", "image/svg+xml", "application/json")) {
            String content = mime.equals("application/json") ? "{\"a\": [1, 2]}" : "<b>raw</b> $x^2$ *md*";
            MimeBundle bundle = r.render(content, List.of(mime));
            assertEquals(content, bundle.data().get(mime), mime);
            assertEquals(Renderers.plainText(content), bundle.data().get("text/plain"));
        }
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
                () -> r.render("{not json", List.of("application/json")));
        assertTrue(json.getMessage().contains("is not valid JSON"), json.getMessage());
    }

    @Test
    void aTypeThatCannotBeMadeIsNamedWithWhatCanBe() {
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> new Renderers().render(3, List.of("application/json")));
        assertTrue(number.getMessage().contains("java.lang.Integer cannot be shown as application/json; it can be shown as text/plain"),
                number.getMessage());
        assertFalse(number.getMessage().contains("[]"), number.getMessage());
        IllegalArgumentException png = assertThrows(IllegalArgumentException.class,
                () -> new Renderers().render("abc", List.of("image/png")));
        assertTrue(png.getMessage().contains("or as itself in a text-based type"), png.getMessage());
        IllegalArgumentException chart = assertThrows(IllegalArgumentException.class,
                () -> defaults.render(chart(), List.of("text/html")));
        assertTrue(chart.getMessage().contains("it can be shown as image/png, image/svg+xml, text/plain"), chart.getMessage());
    }

    @Test
    void aBundleValueIsShownInAllItsTypes() {
        MimeBundle given = MimeBundle.of("text/html", "<i>hi</i>", "text/markdown", "*hi*", "application/json", "[1]");
        MimeBundle shown = defaults.render(given);
        assertEquals(List.of("text/html", "text/markdown", "application/json", "text/plain"), List.copyOf(shown.data().keySet()));
        assertEquals("*hi*", shown.data().get("text/markdown"));
        assertEquals("<i>hi</i>", defaults.render(given, List.of("text/html")).data().get("text/html"));
        assertFalse(defaults.render(given, List.of("text/html")).data().containsKey("text/markdown"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> defaults.render(given, List.of("text/latex")));
        assertTrue(missing.getMessage().contains("has no text/latex; it holds text/html, text/markdown, application/json"),
                missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MimeBundle.of("text/html", "a", "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> defaults.render(MimeBundle.of("application/json", "{"), null));
    }

    @Test
    void hiddenTypesShowNothing() {
        assertTrue(defaults.render(new DisplayId("x")).isEmpty());
    }

    private static XYChart chart() {
        XYChart chart = new XYChartBuilder().width(240).height(160).title("loss").build();
        chart.addSeries("train", new double[] {0, 1, 2}, new double[] {2, 1, 0.5});
        return chart;
    }

    @Test
    void chartsArePngsOfTheirSizeAndSvgOnRequest() throws Exception {
        MimeBundle bundle = defaults.render(chart());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bundle.data().get("image/png"))));
        assertEquals(240, image.getWidth());
        assertEquals(160, image.getHeight());
        assertEquals("XYChart \"loss\" (240 x 160, 1 series)", bundle.data().get("text/plain"));
        assertFalse(bundle.data().containsKey("image/svg+xml"));
        String svg = defaults.render(chart(), List.of("image/svg+xml")).data().get("image/svg+xml");
        assertTrue(svg.contains("<svg"), svg.substring(0, 100));
    }

    @Test
    void tablesAreEscapedHtmlWithNameShapeAndCutRows() {
        int half = Tables.DEFAULT_MAX_ROWS / 2;
        int n = Tables.DEFAULT_MAX_ROWS + 7;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 1000 + i;
        }
        Table table = Table.create("runs", IntColumn.create("id", ids));
        String html = defaults.render(table).data().get("text/html");
        assertTrue(html.contains(">runs</caption>") && html.contains(n + " rows &#215; 1 column"), html);
        assertTrue(html.contains((n - 2 * half) + " more rows"), html);
        assertTrue(html.contains(">" + (1000 + half - 1) + "<"));
        assertFalse(html.contains(">" + (1000 + half) + "<"));
        assertTrue(html.contains(">" + (1000 + n - 1) + "<"));
        Table text = Table.create("t", StringColumn.create("s", "<script>&"), DoubleColumn.create("x", 1.5));
        String escaped = defaults.render(text).data().get("text/html");
        assertTrue(escaped.contains("&lt;script&gt;&amp;"), escaped);
        assertFalse(escaped.contains("<script>"));
    }

    @Test
    void imagesArePngsOfTheirSize() throws Exception {
        BufferedImage grid = Images.grid("digits", List.<double[][]>of(new double[][] {{0, 1}, {1, 0}}),
                List.of("a"), 1);
        MimeBundle bundle = defaults.render(grid);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bundle.data().get("image/png"))));
        assertEquals(grid.getWidth(), back.getWidth());
        assertEquals(grid.getHeight(), back.getHeight());
        assertEquals("image " + grid.getWidth() + " x " + grid.getHeight(), bundle.data().get("text/plain"));
    }

    @Test
    void gradientCheckReportsShowTheirSummaryAndEveryElementWorstFirst() {
        double[] x = {1.0, 2.0};
        GradCheckReport report = GradCheck.of(() -> x[0] * x[0] + 3 * x[1])
                .param("x", x, new double[] {2.0, -3.0}).check();
        MimeBundle bundle = defaults.render(report);
        String html = bundle.data().get("text/html");
        assertTrue(html.startsWith("<pre") && html.contains("Gradient check FAILED"), html);
        assertTrue(html.indexOf("x[1]") < html.indexOf("x[0]"), "worst (the wrong x[1]) first: " + html);
        assertEquals(report.toString(), bundle.data().get("text/plain"));
    }

    @Test
    void svgPicturesAreImageSvg() {
        Svg svg = new Svg("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", "empty");
        MimeBundle bundle = defaults.render(svg);
        assertEquals(svg.markup(), bundle.data().get("image/svg+xml"));
        assertEquals(svg.toString(), bundle.data().get("text/plain"));
    }

    @Test
    void theBackwardStepperIsItsHtmlAnimationWithItsStepsAsText() {
        Value x = Value.of(0.5, "x");
        Value w = Value.of(-2, "w");
        BackwardStepper stepper = BackwardStepper.of(x.times(w).sigmoid().label("z"));
        MimeBundle bundle = defaults.render(stepper);
        String html = bundle.data().get("text/html");
        assertEquals(stepper.toHtml().replaceAll("gf-stepper-[0-9a-f]+-[0-9]+", "ID"),
                html.replaceAll("gf-stepper-[0-9a-f]+-[0-9]+", "ID"));
        assertTrue(html.startsWith("<div class=\"gf-stepper\"") && html.contains("<script>"), html.substring(0, 80));
        assertEquals(stepper.frames().size(), html.split("<svg", -1).length - 1);
        String text = bundle.data().get("text/plain");
        assertTrue(text.contains("z = sigmoid(n2)") && text.contains("n2.grad += (z * (1 - z)) * z.grad"), text);
    }

    @Test
    void aChartIsDescribedWithTheSeriesInItsLegend() {
        org.gradflow.viz.LinePlot plot = org.gradflow.viz.Charts.lines("six", "x", "y");
        for (int i = 0; i < 6; i++) {
            plot.series("series " + i, new double[] {0, 1}, new double[] {i, i + 1});
        }
        assertEquals("XYChart \"six\" (640 x 400, 6 series)", defaults.render(plot.build()).data().get("text/plain"));
    }

    @Test
    void theLibrarysReportRecordsRenderAsTablesThroughViz() {
        org.gradflow.graph.Value x = org.gradflow.graph.Value.of(0.5, "x");
        org.gradflow.graph.Value z = x.times(3).label("z");
        z.backward();
        String trace = defaults.render(org.gradflow.graph.Trace.of(z)).data().get("text/html");
        assertTrue(trace.contains(">trace of z</caption>") && trace.contains(">grad<"), trace);
        String sweep = defaults.render(org.gradflow.check.StepSweep.of(Math::sin, 0.7, Math.cos(0.7)))
                .data().get("text/html");
        assertTrue(sweep.contains(">central error<"), sweep);
        String pitfall = defaults.render(org.gradflow.nn.BiasPitfall.example(
                org.gradflow.nn.BiasPitfall.Normalization.STANDARDIZE)).data().get("text/html");
        assertTrue(pitfall.contains(">b (ignoring statistics)<"), pitfall);
    }
}
