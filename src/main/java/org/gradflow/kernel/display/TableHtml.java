package org.gradflow.kernel.display;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as an HTML table (Tablesaw has no HTML writer): a caption with the name and shape,
 * the column names and types, and the first and last rows of long tables.
 */
public final class TableHtml {

    /** Rows shown at the top of a long table. */
    public static final int HEAD_ROWS = 15;
    /** Rows shown at the bottom of a long table. */
    public static final int TAIL_ROWS = 5;

    private TableHtml() {
    }

    /** The table as HTML. */
    public static String of(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"gradflow-table\">\n<caption style=\"text-align:left\">")
                .append(escape(table.name() == null ? "" : table.name())).append(" (")
                .append(table.rowCount()).append(table.rowCount() == 1 ? " row" : " rows").append(" &times; ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns")
                .append(")</caption>\n<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th title=\"").append(escape(column.type().name())).append("\">")
                    .append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        boolean cut = rows > HEAD_ROWS + TAIL_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD_ROWS) {
                html.append("<tr><td colspan=\"").append(table.columnCount()).append("\" style=\"text-align:center\">&hellip; ")
                        .append(rows - HEAD_ROWS - TAIL_ROWS).append(" more rows &hellip;</td></tr>\n");
                r = rows - TAIL_ROWS;
            }
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append(column instanceof NumericColumn ? "<td style=\"text-align:right\">" : "<td>")
                        .append(escape(column.getString(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    /** Text with {@code & < > "} escaped for HTML. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
