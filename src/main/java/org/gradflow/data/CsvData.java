package org.gradflow.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gradflow.tensor.Matrix;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Data sets from CSV files (with a header row) and Tablesaw tables, and back.
 *
 * <p>One column holds the label (classification: whole numbers {@code 0..classes-1}) or the target
 * (regression); every other column is a numeric feature, in file order. Missing values are rejected.
 */
public final class CsvData {

    private CsvData() {
    }

    /** Reads a CSV file with a header row via Tablesaw; all columns are read as numbers where they can be. */
    public static Table read(Path file) {
        Objects.requireNonNull(file, "CsvData.read: file is null");
        if (!Files.isReadable(file)) {
            throw new UncheckedIOException(new IOException("CsvData.read: cannot read " + file));
        }
        return Table.read().csv(CsvReadOptions.builder(file.toFile())
                .columnTypesToDetect(List.of(ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING))
                .sample(false)
                .build());
    }

    /** A classification data set from a CSV file: {@code labelColumn} holds labels 0..k-1, the rest are features. */
    public static DataSet classification(Path file, String labelColumn) {
        return classification(read(file), labelColumn);
    }

    /**
     * A classification data set from a table: {@code labelColumn} holds whole-number labels 0..k-1 (the class count
     * is the largest label plus 1, at least 2), every other column is a numeric feature.
     */
    public static DataSet classification(Table table, String labelColumn) {
        double[] raw = numbers(table, requireColumn(table, labelColumn));
        int[] labels = new int[raw.length];
        int classes = 2;
        for (int j = 0; j < raw.length; j++) {
            if (raw[j] != Math.rint(raw[j]) || raw[j] < 0) {
                throw new IllegalArgumentException("CsvData.classification: label column '" + labelColumn + "' row "
                        + (j + 1) + " is " + raw[j] + "; labels must be whole numbers 0, 1, 2, ...");
            }
            labels[j] = (int) raw[j];
            classes = Math.max(classes, labels[j] + 1);
        }
        return DataSet.classification(features(table, labelColumn), labels, classes)
                .withFeatureNames(featureNames(table, labelColumn));
    }

    /** A regression data set from a CSV file: {@code targetColumn} is the target, the rest are features. */
    public static DataSet regression(Path file, String targetColumn) {
        return regression(read(file), targetColumn);
    }

    /** A regression data set from a table: {@code targetColumn} is the target ({@code T} is 1 x N), the rest features. */
    public static DataSet regression(Table table, String targetColumn) {
        Matrix T = Matrix.row(numbers(table, requireColumn(table, targetColumn)));
        return DataSet.regression(features(table, targetColumn), T).withFeatureNames(featureNames(table, targetColumn));
    }

    /**
     * The data set as a table: one column per feature (named by {@link DataSet#featureNames()}), then the label
     * (classification) or the single target (regression) in {@code labelColumn}; one row per example.
     */
    public static Table toTable(DataSet data, String labelColumn) {
        Objects.requireNonNull(data, "CsvData.toTable: data is null");
        if (data.featureNames().contains(labelColumn)) {
            throw new IllegalArgumentException("CsvData.toTable: label column '" + labelColumn
                    + "' has the name of a feature");
        }
        if (!data.isClassification() && data.outputs() != 1) {
            throw new IllegalArgumentException("CsvData.toTable: " + data + " has " + data.outputs()
                    + " outputs; only a single target column is supported");
        }
        List<Column<?>> columns = new ArrayList<>();
        double[][] X = data.X().toArray();
        for (int i = 0; i < data.features(); i++) {
            columns.add(DoubleColumn.create(data.featureNames().get(i), X[i]));
        }
        columns.add(data.isClassification() ? IntColumn.create(labelColumn, data.labels())
                : DoubleColumn.create(labelColumn, data.T().toArray()[0]));
        return Table.create(columns);
    }

    /** Writes the data set as CSV with a header row (see {@link #toTable}). */
    public static void write(DataSet data, Path file, String labelColumn) {
        Objects.requireNonNull(file, "CsvData.write: file is null");
        toTable(data, labelColumn).write().csv(file.toFile());
    }

    // ---------------------------------------------------------------- internals

    private static Column<?> requireColumn(Table table, String name) {
        Objects.requireNonNull(table, "CsvData: table is null");
        Objects.requireNonNull(name, "CsvData: column name is null");
        if (!table.columnNames().contains(name)) {
            throw new IllegalArgumentException("CsvData: there is no column '" + name + "'; the columns are "
                    + table.columnNames());
        }
        if (table.columnCount() < 2) {
            throw new IllegalArgumentException("CsvData: the table has only the column '" + name
                    + "' and no feature columns");
        }
        if (table.rowCount() == 0) {
            throw new IllegalArgumentException("CsvData: the table has no rows");
        }
        return table.column(name);
    }

    private static double[] numbers(Table table, Column<?> column) {
        if (!(column instanceof NumericColumn<?> numeric)) {
            throw new IllegalArgumentException("CsvData: column '" + column.name() + "' holds " + column.type()
                    + " values, not numbers");
        }
        double[] out = new double[table.rowCount()];
        for (int j = 0; j < out.length; j++) {
            if (numeric.isMissing(j)) {
                throw new IllegalArgumentException("CsvData: column '" + column.name() + "' row " + (j + 1)
                        + " is missing");
            }
            out[j] = numeric.getDouble(j);
        }
        return out;
    }

    private static List<String> featureNames(Table table, String exclude) {
        return table.columnNames().stream().filter(n -> !n.equals(exclude)).toList();
    }

    private static Matrix features(Table table, String exclude) {
        List<String> names = featureNames(table, exclude);
        double[][] rows = new double[names.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = numbers(table, table.column(names.get(i)));
        }
        return Matrix.of(rows);
    }
}
