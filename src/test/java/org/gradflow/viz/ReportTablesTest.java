package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gradflow.check.GradCheck;
import org.gradflow.check.GradCheckReport;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The library's records as tables (Tables.of), with readable numbers; the core packages stay free of Tablesaw. */
class ReportTablesTest {

    @Test
    void gradientCheckTablesPrintSignificantDigitsNotEveryDigitOfADouble() {
        double[] x = {1.0 / 3, 2.0 / 7};
        GradCheckReport report = GradCheck.of(() -> Math.sin(x[0]) * Math.exp(x[1]))
                .param("x", x, new double[] {Math.cos(x[0]) * Math.exp(x[1]) * 1.001, Math.sin(x[0]) * Math.exp(x[1])})
                .check();
        Table t = Tables.of(report);
        assertEquals(List.of("parameter", "element", "layer", "analytic", "numeric", "relative error", "verdict", "kink"),
                t.columnNames());
        String analytic = t.doubleColumn("analytic").getString(0);
        String error = t.doubleColumn("relative error").getString(0);
        assertEquals(Tables.significant(report.worst().analytic(), 6), analytic);
        assertEquals(Tables.significant(report.worst().relativeError(), 2), error);
        assertTrue(analytic.replaceAll("[^0-9]", "").length() <= 7, analytic);
        assertEquals(report.worst().analytic(), t.doubleColumn("analytic").getDouble(0), 0.0, "full precision kept");
        String html = Tables.toHtml(report);
        assertTrue(html.contains("Gradient check FAILED") && html.contains(">" + analytic + "<"), html);
        String full = Double.toString(report.worst().analytic());
        assertFalse(html.contains(full), "no 17-digit numbers in the HTML: " + full + " in " + html);
    }

    @Test
    void theCorePackagesDoNotDependOnTablesaw() throws IOException {
        Path main = Path.of("src", "main", "java", "org", "gradflow");
        for (String core : List.of("graph", "check", "train", "nn", "tensor", "optim")) {
            try (Stream<Path> files = Files.walk(main.resolve(core))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(f);
                    assertFalse(source.contains("import tech.tablesaw"), f + " imports Tablesaw; return records, let viz render");
                    assertFalse(source.contains("import org.gradflow.viz"), f + " depends on viz");
                }
            }
        }
    }
}
