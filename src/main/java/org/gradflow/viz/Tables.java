package org.gradflow.viz;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Tablesaw tables for the lessons: built from arrays, from a confusion matrix, with numbers shown to a few
 * significant digits, and rendered as compact HTML ({@link #toHtml(Table)}; Tablesaw has no HTML writer).
 * Nothing here displays anything; the kernel renders the returned objects.
 *
 * <pre>{@code
 * Table t = Tables.named("Gradient check")
 *         .text("parameter", "W1[0,0]", "W1[0,1]")
 *         .numbers("analytic", 0.1234, -0.5)
 *         .numbers("numeric", 0.12341, -0.49999)
 *         .build();
 * String html = Tables.toHtml(Tables.withSignificantDigits(t, 4));
 * }</pre>
 */
public final class Tables {

    /** Rows shown by {@link #toHtml(Table)} before the middle of a long table is elided. */
    public static final int DEFAULT_MAX_ROWS = 30;

    private Tables() {
    }

    // ---------------------------------------------------------------- the library's records as tables

    /**
     * The trace of a computation graph: {@code node, label, op, inputs, value, grad}, one row per node (inputs
     * first), numbers with 4 significant digits.
     */
    public static Table of(org.gradflow.graph.Trace trace) {
        return ReportTables.trace(java.util.Objects.requireNonNull(trace, "Tables.of: trace is null"));
    }

    /**
     * A gradient check, worst element first: {@code parameter, element, layer, analytic, numeric, relative error,
     * verdict, kink}; analytic and numeric with 6 significant digits, the relative error with 2.
     */
    public static Table of(org.gradflow.check.GradCheckReport report) {
        return ReportTables.gradCheck(java.util.Objects.requireNonNull(report, "Tables.of: report is null"));
    }

    /** A step sweep: {@code h, forward, forward error, central, central error}, one row per step. */
    public static Table of(org.gradflow.check.StepSweep sweep) {
        return ReportTables.stepSweep(java.util.Objects.requireNonNull(sweep, "Tables.of: sweep is null"));
    }

    /**
     * A training run, one row per epoch: {@code epoch, steps, train_loss, train_accuracy, validation_loss,
     * validation_accuracy, forward_passes, backward_passes, epoch_seconds} (this epoch alone) and {@code elapsed_seconds}.
     */
    public static Table of(org.gradflow.train.History history) {
        return ReportTables.epochs(java.util.Objects.requireNonNull(history, "Tables.of: history is null"));
    }

    /** A training run, one row per step: epoch, step, batch, loss, each layer's gradient norm, passes, seconds. */
    public static Table steps(org.gradflow.train.History history) {
        return ReportTables.steps(java.util.Objects.requireNonNull(history, "Tables.steps: history is null"));
    }

    /** One run of the bias-pitfall experiment: {@code step, b, loss, dL/db, output change}. */
    public static Table of(org.gradflow.nn.BiasPitfall.History run) {
        return ReportTables.biasPitfall(java.util.Objects.requireNonNull(run, "Tables.of: run is null"));
    }

    /** Both runs of the bias-pitfall experiment side by side, one row per step. */
    public static Table of(org.gradflow.nn.BiasPitfall.Result result) {
        return ReportTables.biasPitfall(java.util.Objects.requireNonNull(result, "Tables.of: result is null"));
    }

    /**
     * A gradient check as HTML: its summary (verdict, worst element, likely causes, localisation) as preformatted
     * text above {@link #of(org.gradflow.check.GradCheckReport) its table}.
     */
    public static String toHtml(org.gradflow.check.GradCheckReport report) {
        return "<pre style=\"margin:0 0 6px 0\">" + escape(report.summary()) + "</pre>\n" + toHtml(of(report));
    }

    // ---------------------------------------------------------------- building and formatting tables

    /** Starts a table with this name; add columns of equal length in order. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /**
     * Collects columns of equal length into a {@link Table}. Each method adds one column and checks its
     * length against the columns before it.
     */
    public static final class Builder {
        private final String name;
        private final List<Column<?>> columns = new ArrayList<>();
        private final Set<String> used = new HashSet<>();

        private Builder(String name) {
            this.name = PlotBuilder.requireText("Tables.named", "table name", name);
        }

        /** A column of text. */
        public Builder text(String column, String... values) {
            Objects.requireNonNull(values, "Tables \"" + name + "\": column \"" + column + "\" values are null");
            return add(StringColumn.create(check(column, values.length), values));
        }

        /** A column of numbers (NaN is shown as an empty cell). */
        public Builder numbers(String column, double... values) {
            Objects.requireNonNull(values, "Tables \"" + name + "\": column \"" + column + "\" values are null");
            return add(DoubleColumn.create(check(column, values.length), values));
        }

        /** A column of whole numbers (counts, epochs, indices). */
        public Builder integers(String column, int... values) {
            Objects.requireNonNull(values, "Tables \"" + name + "\": column \"" + column + "\" values are null");
            return add(IntColumn.create(check(column, values.length), values));
        }

        /** The table. */
        public Table build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("Tables \"" + name + "\": no columns; add one with numbers(...),"
                        + " integers(...) or text(...)");
            }
            return Table.create(name, columns);
        }

        private String check(String column, int length) {
            PlotBuilder.requireText("Tables \"" + name + "\"", "column name", column);
            if (!used.add(column)) {
                throw new IllegalArgumentException("Tables \"" + name + "\": a column named \"" + column
                        + "\" was already added");
            }
            if (!columns.isEmpty() && columns.get(0).size() != length) {
                throw new IllegalArgumentException("Tables \"" + name + "\": column \"" + column + "\" has " + length
                        + " values but column \"" + columns.get(0).name() + "\" has " + columns.get(0).size());
            }
            return column;
        }

        private Builder add(Column<?> column) {
            columns.add(column);
            return this;
        }

        @Override
        public String toString() {
            return "Tables.Builder(\"" + name + "\", columns " + used + ")";
        }
    }

    /**
     * A confusion matrix as a table: one row per true class, one column per predicted class,
     * {@code counts[t][p]} examples of class t predicted as p, and a row total.
     */
    public static Table confusion(int[][] counts, List<String> labels) {
        Confusion.check("Tables.confusion", counts, labels);
        if (labels.contains("true class") || labels.contains("total") || new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("Tables.confusion: labels must be distinct and not \"true class\""
                    + " or \"total\", got " + labels);
        }
        Table table = Table.create("Confusion matrix (rows: true class, columns: predicted class)");
        table.addColumns(StringColumn.create("true class", labels));
        int[] total = new int[counts.length];
        for (int p = 0; p < counts.length; p++) {
            int[] column = new int[counts.length];
            for (int t = 0; t < counts.length; t++) {
                column[t] = counts[t][p];
                total[t] += counts[t][p];
            }
            table.addColumns(IntColumn.create(labels.get(p), column));
        }
        table.addColumns(IntColumn.create("total", total));
        return table;
    }

    /** The confusion matrix of predictions: see {@link Confusion#count(int[], int[], int)}. */
    public static Table confusion(int[] actual, int[] predicted, List<String> labels) {
        Objects.requireNonNull(labels, "Tables.confusion: labels are null");
        return confusion(Confusion.count(actual, predicted, labels.size()), labels);
    }

    /** Shows every decimal-number column of the table with {@code digits} significant digits; returns the table. */
    public static Table withSignificantDigits(Table table, int digits) {
        Objects.requireNonNull(table, "Tables.withSignificantDigits: table is null");
        NumberColumnFormatter formatter = significantDigits(digits);
        for (Column<?> c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(formatter);
            }
        }
        return table;
    }

    /** A Tablesaw formatter showing {@code digits} significant digits, see {@link #significant(double, int)}. */
    public static NumberColumnFormatter significantDigits(int digits) {
        checkDigits("Tables.significantDigits", digits);
        return new NumberColumnFormatter(new SignificantFormat(digits));
    }

    /**
     * {@code value} rounded to {@code digits} significant digits, without trailing zeros: plain notation for
     * magnitudes in [1e-4, 1e6) ({@code 0.0012}, {@code 12300}), otherwise scientific ({@code 1.2e-07} is
     * written {@code 1.2e-7}).
     */
    public static String significant(double value, int digits) {
        checkDigits("Tables.significant", digits);
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
        double magnitude = Math.abs(rounded.doubleValue());
        if (magnitude >= 1e-4 && magnitude < 1e6) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        String mantissa = rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString();
        return mantissa + "e" + exponent;
    }

    /** {@link #toHtml(Table, int)} eliding the middle of tables longer than {@value #DEFAULT_MAX_ROWS} rows. */
    public static String toHtml(Table table) {
        return toHtml(table, DEFAULT_MAX_ROWS);
    }

    /**
     * The table as a compact HTML fragment: a {@code <div>} holding a {@code <table>} (the table name as
     * caption, every cell escaped, numbers right-aligned, cells as the columns' print formatters write them,
     * inline styles only, so it survives HTML export) and a line with the row and column counts. A table with more than {@code maxRows}
     * rows shows its first and last {@code maxRows / 2} rows around a row that says how many are left out.
     */
    public static String toHtml(Table table, int maxRows) {
        Objects.requireNonNull(table, "Tables.toHtml: table is null");
        if (maxRows < 2) {
            throw new IllegalArgumentException("Tables.toHtml: maxRows must be >= 2, got " + maxRows);
        }
        String pad = "padding:2px 8px;";
        String cell = pad + "border-bottom:1px solid #e3e3e3;";
        List<Column<?>> columns = table.columns();
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"gradflow-table\">\n<table style=\"border-collapse:collapse;font-size:13px;")
                .append("font-variant-numeric:tabular-nums\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;padding:4px 0\">")
                    .append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (Column<?> c : columns) {
            html.append("<th style=\"").append(pad).append("border-bottom:2px solid #999;text-align:")
                    .append(align(c)).append("\">").append(escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        int head = rows > maxRows ? maxRows / 2 : rows;
        int tail = rows > maxRows ? maxRows / 2 : 0;
        for (int r = 0; r < rows; r++) {
            if (r == head && tail > 0) {
                html.append("<tr><td colspan=\"").append(columns.size()).append("\" style=\"").append(cell)
                        .append("text-align:center;color:#777\">&#8942; ").append(rows - head - tail)
                        .append(" more rows &#8942;</td></tr>\n");
                r = rows - tail;
            }
            html.append("<tr>");
            for (Column<?> c : columns) {
                html.append("<td style=\"").append(cell).append("text-align:").append(align(c)).append("\">")
                        .append(escape(c.getString(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        html.append("<div style=\"font-size:11px;color:#777\">").append(rows).append(rows == 1 ? " row" : " rows")
                .append(" &#215; ").append(columns.size()).append(columns.size() == 1 ? " column" : " columns")
                .append("</div>\n</div>\n");
        return html.toString();
    }

    /**
     * Text made safe inside HTML or XML (SVG) markup: {@code & < > " '} become entities, and characters XML does
     * not allow (most control characters) become U+FFFD.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    out.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return out.toString();
    }

    private static String align(Column<?> column) {
        return column instanceof NumericColumn<?> ? "right" : "left";
    }

    private static void checkDigits(String operation, int digits) {
        if (digits < 1 || digits > 17) {
            throw new IllegalArgumentException(operation + ": significant digits must be in 1..17, got " + digits);
        }
    }

    /** {@link #significant(double, int)} as a {@link NumberFormat}, which Tablesaw's formatter expects. */
    private static final class SignificantFormat extends NumberFormat {
        private final int digits;

        SignificantFormat(int digits) {
            this.digits = digits;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(significant(number, digits));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(significant(number, digits));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return new DecimalFormat().parse(source, parsePosition);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SignificantFormat f && f.digits == digits;
        }

        @Override
        public int hashCode() {
            return digits;
        }
    }
}
