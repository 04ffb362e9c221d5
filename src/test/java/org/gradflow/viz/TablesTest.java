package org.gradflow.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void builderMakesNamedColumnsInOrder() {
        Table t = Tables.named("Gradient check")
                .text("parameter", "W1[0,0]", "b1[0]")
                .numbers("analytic", 0.5, -1.25)
                .integers("index", 0, 1)
                .build();
        assertEquals("Gradient check", t.name());
        assertEquals(List.of("parameter", "analytic", "index"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals(-1.25, t.doubleColumn("analytic").get(1));
        assertEquals("b1[0]", t.stringColumn("parameter").get(1));
        assertEquals(1, t.intColumn("index").get(1));
    }

    @Test
    void builderRejectsMismatchedAndDuplicateColumns() {
        Tables.Builder b = Tables.named("Runs").numbers("loss", 1, 2, 3);
        assertEquals("Tables \"Runs\": column \"epoch\" has 2 values but column \"loss\" has 3",
                assertThrows(IllegalArgumentException.class, () -> b.integers("epoch", 1, 2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.numbers("loss", 1, 2, 3)).getMessage()
                .contains("already added"));
        assertTrue(assertThrows(IllegalStateException.class, () -> Tables.named("Empty").build()).getMessage()
                .contains("no columns"));
    }

    @Test
    void confusionTableCountsPredictionsPerTrueClass() {
        int[] actual = {0, 0, 1, 1, 1, 2};
        int[] predicted = {0, 1, 1, 1, 2, 2};
        int[][] counts = Confusion.count(actual, predicted, 3);
        assertArrayEquals(new int[][] {{1, 1, 0}, {0, 2, 1}, {0, 0, 1}}, counts);
        Table t = Tables.confusion(actual, predicted, List.of("zero", "one", "two"));
        assertEquals(List.of("true class", "zero", "one", "two", "total"), t.columnNames());
        assertEquals("one", t.stringColumn("true class").get(1));
        assertEquals(2, t.intColumn("one").get(1), "true one predicted one");
        assertEquals(1, t.intColumn("two").get(1), "true one predicted two");
        assertEquals(3, t.intColumn("total").get(1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Confusion.count(new int[] {3}, new int[] {0}, 3))
                .getMessage().contains("example 0 has actual 3"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Tables.confusion(new int[][] {{1, 2}, {3}}, List.of("a", "b"))).getMessage()
                .contains("row 1 has 1 entries"));
    }

    @Test
    void significantDigitsRoundAndDropTrailingZeros() {
        assertEquals("0.1235", Tables.significant(0.123456, 4));
        assertEquals("1.5", Tables.significant(1.5, 4));
        assertEquals("12300", Tables.significant(12345, 3));
        assertEquals("-0.0012", Tables.significant(-0.00123, 2));
        assertEquals("1.2e-7", Tables.significant(1.234e-7, 2));
        assertEquals("3e8", Tables.significant(2.998e8, 1));
        assertEquals("0", Tables.significant(0.0, 3));
        assertEquals("NaN", Tables.significant(Double.NaN, 3));
        assertThrows(IllegalArgumentException.class, () -> Tables.significant(1, 0));
    }

    @Test
    void formatterChangesHowDoubleColumnsPrint() {
        Table t = Tables.named("Errors").numbers("relative error", 1.23456e-9, 0.5).integers("n", 1, 2).build();
        Tables.withSignificantDigits(t, 2);
        assertEquals("1.2e-9", t.doubleColumn("relative error").getString(0));
        assertEquals("0.5", t.doubleColumn("relative error").getString(1));
        assertTrue(Tables.toHtml(t).contains(">1.2e-9</td>"));
    }

    @Test
    void htmlEscapesEveryCellAndRightAlignsNumbers() {
        Table t = Tables.named("A <b>bold</b> & \"quoted\" name")
                .text("op", "<script>alert('x')</script>")
                .numbers("value", 1.5)
                .build();
        String html = Tables.toHtml(t);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("<caption") && html.contains("A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; name"));
        assertTrue(html.contains("text-align:right\">1.5</td>"), html);
        assertTrue(html.contains("text-align:left\">&lt;script"), html);
        assertTrue(html.contains("1 row &#215; 2 columns"), html);
        assertEquals("a&amp;b&lt;c&gt;d&quot;e&#39;f", Tables.escape("a&b<c>d\"e'f"));
    }

    @Test
    void longTablesShowHeadAndTailAroundAnElision() {
        int[] epoch = new int[100];
        double[] loss = new double[100];
        for (int i = 0; i < 100; i++) {
            epoch[i] = i + 1;
            loss[i] = 1.0 / (i + 1);
        }
        Table t = Tables.named("History").integers("epoch", epoch).numbers("loss", loss).build();
        String html = Tables.toHtml(t, 10);
        assertEquals(10 + 1 + 1, html.split("<tr>", -1).length - 1, "10 data rows, 1 elision row, 1 header row");
        assertTrue(html.contains(">1</td>") && html.contains(">5</td>") && html.contains(">96</td>")
                && html.contains(">100</td>"));
        assertFalse(html.contains(">6</td>") || html.contains(">95</td>"));
        assertTrue(html.contains("90 more rows"));
        assertTrue(html.contains("100 rows &#215; 2 columns"));
        assertThrows(IllegalArgumentException.class, () -> Tables.toHtml(t, 1));
    }
}
