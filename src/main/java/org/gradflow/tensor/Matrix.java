package org.gradflow.tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A small dense matrix of doubles, stored row-major.
 *
 * <p>In gradflow's notation a batch is a matrix with one column per example, so {@code X = Z(0)} is
 * {@code n_0 x B}, weights {@code W(r)} are {@code n_r x n_(r-1)} and biases {@code b(r)} are {@code n_r x 1}.
 *
 * <p>Math returns new matrices and never modifies its inputs; only the methods whose names end in
 * {@code InPlace} mutate (they exist for optimizers). Every operation checks shapes first and fails with
 * a message naming the operation and both shapes.
 *
 * <p><b>NaN policy</b> (one rule for every operation): a NaN never appears silently. The factories
 * ({@link #of(double[][])}, {@link #of(int, int, double...)}, ...) reject NaN and infinity; every operation that
 * computes new entries ({@link #map}, {@link #zip}, {@link #plus(Matrix)}, {@link #divide}, {@link #scale},
 * the products, the sums, ...) throws an {@link ArithmeticException} naming the operation, the entry and the
 * input value(s) when it would create a NaN from inputs that hold none (e.g. {@code map(Math::log)} of a negative
 * entry, {@code 0/0}, {@code infinity - infinity}). Overflow to infinity is not an error of the operation: it
 * passes through, and {@link #isFinite()} / {@link #requireFinite} find it (the network's forward pass reports it
 * as divergence). A NaN that is already in an input (only the {@code InPlace} setters can put one there) is
 * passed on, not reported again.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    /** Row-major: element (i, j) is {@code data[i * cols + j]}. */
    private final double[] data;
    /**
     * True once every entry is known to be finite (checked by a factory or a scan), so that {@link #isFinite()}
     * and {@link #requireFinite} need not look again; every method that changes entries clears or updates it.
     */
    private boolean knownFinite;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    private Matrix(int rows, int cols, double[] data, boolean knownFinite) {
        this(rows, cols, data);
        this.knownFinite = knownFinite;
    }

    /**
     * The result of {@code op}, after the NaN policy's check: throws when {@code out} holds a NaN although no input
     * does, naming the entry (and, for inputs shaped like the result, their values there).
     */
    private static Matrix result(String op, int rows, int cols, double[] out, Matrix... inputs) {
        for (int k = 0; k < out.length; k++) {
            if (Double.isNaN(out[k])) {
                for (Matrix in : inputs) {
                    if (in.hasNaN()) {
                        return new Matrix(rows, cols, out);
                    }
                }
                StringBuilder at = new StringBuilder();
                for (Matrix in : inputs) {
                    if (in.rows == rows && in.cols == cols) {
                        at.append(at.length() == 0 ? " from " : " and ").append(in.data[k]);
                    }
                }
                throw new ArithmeticException(op + ": entry [" + k / cols + "," + k % cols + "] of the " + rows + " x "
                        + cols + " result is NaN" + at + " (an undefined value, e.g. log of a negative number, 0/0 or"
                        + " infinity - infinity); gradflow matrices never hold a NaN made silently");
            }
        }
        return new Matrix(rows, cols, out);
    }

    private boolean hasNaN() {
        if (knownFinite) {
            return false;
        }
        for (double v : data) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A matrix with the given rows, copied. Every row must have the same length and every entry
     * must be finite.
     */
    public static Matrix of(double[][] rows) {
        Objects.requireNonNull(rows, "Matrix.of: rows is null");
        if (rows.length == 0) {
            throw new IllegalArgumentException("Matrix.of: no rows (a matrix needs at least 1 x 1)");
        }
        int cols = rows[0] == null ? 0 : rows[0].length;
        if (cols == 0) {
            throw new IllegalArgumentException("Matrix.of: row 0 is empty (a matrix needs at least 1 x 1)");
        }
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != cols) {
                throw new IllegalArgumentException("Matrix.of: row " + i + " has "
                        + (rows[i] == null ? "no entries (null)" : rows[i].length + " entries")
                        + " but row 0 has " + cols);
            }
            for (int j = 0; j < cols; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("Matrix.of: entry [" + i + "," + j + "] is " + v
                            + "; entries must be finite");
                }
                data[i * cols + j] = v;
            }
        }
        return new Matrix(rows.length, cols, data, true);
    }

    /** A {@code rows x cols} matrix wrapping a row-major array (copied). */
    public static Matrix of(int rows, int cols, double... rowMajor) {
        checkShape("Matrix.of", rows, cols);
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("Matrix.of: " + rows + " x " + cols + " needs " + rows * cols
                    + " values, got " + rowMajor.length);
        }
        for (int k = 0; k < rowMajor.length; k++) {
            if (!Double.isFinite(rowMajor[k])) {
                throw new IllegalArgumentException("Matrix.of: entry [" + k / cols + "," + k % cols + "] is "
                        + rowMajor[k] + "; entries must be finite");
            }
        }
        return new Matrix(rows, cols, rowMajor.clone(), true);
    }

    /** A column vector ({@code n x 1}) holding the given values. */
    public static Matrix column(double... values) {
        return of(values.length, 1, values);
    }

    /** A row vector ({@code 1 x n}) holding the given values. */
    public static Matrix row(double... values) {
        return of(1, values.length, values);
    }

    /** The {@code rows x cols} zero matrix. */
    public static Matrix zeros(int rows, int cols) {
        checkShape("Matrix.zeros", rows, cols);
        return new Matrix(rows, cols, new double[rows * cols], true);
    }

    /** The {@code rows x cols} matrix with every entry equal to {@code value}. */
    public static Matrix filled(int rows, int cols, double value) {
        checkShape("Matrix.filled", rows, cols);
        double[] data = new double[rows * cols];
        Arrays.fill(data, value);
        return new Matrix(rows, cols, data);
    }

    /**
     * The one-hot targets of class labels: a {@code classes x N} matrix with {@code T(labels[m], m) = 1} and 0
     * elsewhere (one column per example).
     */
    public static Matrix oneHot(int[] labels, int classes) {
        Objects.requireNonNull(labels, "oneHot: labels is null");
        if (labels.length == 0) {
            throw new IllegalArgumentException("oneHot: no labels (at least 1 example is needed)");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("oneHot: classes = " + classes + "; at least 1 is needed");
        }
        Matrix T = zeros(classes, labels.length);
        for (int m = 0; m < labels.length; m++) {
            if (labels[m] < 0 || labels[m] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[m] + " of example " + m
                        + " is outside 0.." + (classes - 1));
            }
            T.data[labels[m] * labels.length + m] = 1.0;
        }
        return T;
    }

    /** The {@code n x n} identity. */
    public static Matrix identity(int n) {
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /** A {@code rows x cols} matrix with entry (i, j) = {@code f(i, j)}. */
    public static Matrix build(int rows, int cols, IndexFunction f) {
        checkShape("Matrix.build", rows, cols);
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = f.apply(i, j);
            }
        }
        return new Matrix(rows, cols, data);
    }

    /** The entry of a matrix as a function of its row and column, for {@link #build}. */
    @FunctionalInterface
    public interface IndexFunction {
        /** The value at row {@code i}, column {@code j}. */
        double apply(int i, int j);
    }

    private static void checkShape(String op, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(op + ": shape " + rows + " x " + cols
                    + " is empty or negative; both dimensions must be at least 1");
        }
    }

    // ---------------------------------------------------------------- access

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns (in a batch: the number of examples). */
    public int cols() {
        return cols;
    }

    /** Number of entries, {@code rows * cols}. */
    public int size() {
        return data.length;
    }

    /** The shape as text, {@code "rows x cols"}, as used in error messages. */
    public String shape() {
        return rows + " x " + cols;
    }

    /** Entry (i, j), counted from 0. */
    public double get(int i, int j) {
        checkIndex(i, j);
        return data[i * cols + j];
    }

    /** Sets entry (i, j) in place. */
    public void setInPlace(int i, int j, double value) {
        checkIndex(i, j);
        data[i * cols + j] = value;
        knownFinite &= Double.isFinite(value);
    }

    private void checkIndex(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("index [" + i + "," + j + "] is outside a " + shape() + " matrix");
        }
    }

    /** A copy of the entries as rows. */
    public double[][] toArray() {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(data, i * cols, out[i], 0, cols);
        }
        return out;
    }

    /** A copy of the entries in row-major order. */
    public double[] toRowMajor() {
        return data.clone();
    }

    /** Overwrites every entry from a row-major array of the same size (for optimizers and gradient checks). */
    public void setFromRowMajorInPlace(double[] rowMajor) {
        if (rowMajor.length != data.length) {
            throw new IllegalArgumentException("setFromRowMajorInPlace: " + shape() + " needs " + data.length
                    + " values, got " + rowMajor.length);
        }
        System.arraycopy(rowMajor, 0, data, 0, data.length);
        knownFinite = false;
    }

    /** A copy of this matrix. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone(), knownFinite);
    }

    /** Column {@code j} as an {@code rows x 1} matrix (in a batch: example {@code j}). */
    public Matrix column(int j) {
        return columns(new int[] {j});
    }

    /** The given columns, in the given order, as a {@code rows x indices.length} matrix. */
    public Matrix columns(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("columns: no column indices given (from a " + shape() + " matrix)");
        }
        double[] out = new double[rows * indices.length];
        for (int k = 0; k < indices.length; k++) {
            int j = indices[k];
            if (j < 0 || j >= cols) {
                throw new IndexOutOfBoundsException("columns: column " + j + " is outside a " + shape() + " matrix");
            }
            for (int i = 0; i < rows; i++) {
                out[i * indices.length + k] = data[i * cols + j];
            }
        }
        return new Matrix(rows, indices.length, out, knownFinite);
    }

    // ---------------------------------------------------------------- products

    /**
     * What computes the matrix products, chosen once when the first product runs: an optimised native BLAS
     * when one loads (e.g. {@code "OpenBLAS (native, libblas.so.3)"}), else {@code "Java (Vector API)"} (JVM
     * started with {@code --add-modules jdk.incubator.vector}) or {@code "Java"}. {@code -Dgradflow.blas=java}
     * keeps the products in Java.
     */
    public static String backend() {
        return Kernels.backend();
    }

    /** The matrix product {@code this * other}: {@code (n x k)(k x m) -> n x m}. */
    public Matrix times(Matrix other) {
        if (cols != other.rows) {
            throw new IllegalArgumentException("times: cannot multiply " + shape() + " by " + other.shape()
                    + " (inner dimensions " + cols + " and " + other.rows + " differ)");
        }
        double[] out = new double[rows * other.cols];
        Kernels.multiply(data, rows, cols, other.data, other.cols, out);
        return result("times", rows, other.cols, out, this, other);
    }

    /**
     * {@code W Z + b}: this matrix times {@code Z}, plus the column {@code b} added to every column (a layer's
     * pre-activation {@code A = W Z + b} in one pass, without the intermediate {@code W Z}).
     */
    public Matrix timesPlusColumn(Matrix Z, Matrix b) {
        if (cols != Z.rows) {
            throw new IllegalArgumentException("timesPlusColumn: cannot multiply " + shape() + " by " + Z.shape()
                    + " (inner dimensions " + cols + " and " + Z.rows + " differ)");
        }
        if (b.cols != 1 || b.rows != rows) {
            throw new IllegalArgumentException("timesPlusColumn: cannot add " + b.shape() + " to the columns of ("
                    + shape() + ")(" + Z.shape() + ") (need " + rows + " x 1)");
        }
        double[] out = new double[rows * Z.cols];
        Kernels.multiplyPlusColumn(data, rows, cols, Z.data, Z.cols, b.data, out);
        return result("timesPlusColumn", rows, Z.cols, out, this, Z, b);
    }

    /** {@code this^T * other} without forming the transpose: {@code (k x n)^T (k x m) -> n x m}. */
    public Matrix transposeTimes(Matrix other) {
        if (rows != other.rows) {
            throw new IllegalArgumentException("transposeTimes: cannot multiply (" + shape() + ")^T by "
                    + other.shape() + " (row counts " + rows + " and " + other.rows + " differ)");
        }
        double[] out = new double[cols * other.cols];
        Kernels.multiplyTransposeA(data, rows, cols, other.data, other.cols, out);
        return result("transposeTimes", cols, other.cols, out, this, other);
    }

    /** {@code this * other^T} without forming the transpose: {@code (n x k)(m x k)^T -> n x m}. */
    public Matrix timesTranspose(Matrix other) {
        if (cols != other.cols) {
            throw new IllegalArgumentException("timesTranspose: cannot multiply " + shape() + " by ("
                    + other.shape() + ")^T (column counts " + cols + " and " + other.cols + " differ)");
        }
        double[] out = new double[rows * other.rows];
        Kernels.multiplyTransposeB(data, rows, cols, other.data, other.rows, out);
        return result("timesTranspose", rows, other.rows, out, this, other);
    }

    /** The transpose, {@code cols x rows}. */
    public Matrix transpose() {
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = data[i * cols + j];
            }
        }
        return new Matrix(cols, rows, out);
    }

    // ---------------------------------------------------------------- element-wise

    /**
     * Element-wise sum; shapes must match. To add a column {@code b} ({@code rows x 1}) to every column, as in
     * {@code W Z + b}, use {@link #plusColumn}.
     */
    public Matrix plus(Matrix other) {
        return zip("plus", other, Double::sum);
    }

    /** Element-wise difference; shapes must match. */
    public Matrix minus(Matrix other) {
        return zip("minus", other, (a, b) -> a - b);
    }

    /** Element-wise (Hadamard) product {@code this o other}; shapes must match. */
    public Matrix hadamard(Matrix other) {
        return zip("hadamard", other, (a, b) -> a * b);
    }

    /** {@code max(a, 0)} for every entry (the rectified linear unit). */
    public Matrix relu() {
        double[] out = new double[data.length];
        for (int k = 0; k < data.length; k++) {
            out[k] = Math.max(data[k], 0.0);
        }
        return new Matrix(rows, cols, out, knownFinite);
    }

    /**
     * {@code this o step(A)}: each entry kept where {@code A}'s entry is positive and 0 elsewhere, i.e.
     * {@code relu'(A) o this} with {@code relu'(0) = 0}; shapes must match. One pass instead of building
     * {@code relu'(A)} and then the Hadamard product.
     */
    public Matrix hadamardStep(Matrix A) {
        requireSameShape("hadamardStep", A);
        double[] out = new double[data.length];
        for (int k = 0; k < data.length; k++) {
            out[k] = A.data[k] > 0 ? data[k] : 0.0;
        }
        return new Matrix(rows, cols, out);
    }

    /** Element-wise quotient; shapes must match. */
    public Matrix divide(Matrix other) {
        return zip("divide", other, (a, b) -> a / b);
    }

    /** Every entry times {@code factor}: {@code c A}. */
    public Matrix scale(double factor) {
        return mapNamed("scale", v -> v * factor);
    }

    /** Every entry times {@code factor}: {@code c A}, the same as {@link #scale(double)} (as {@code Value.times(double)}). */
    public Matrix times(double factor) {
        return mapNamed("times", v -> v * factor);
    }

    /** Every entry plus {@code constant}. */
    public Matrix plus(double constant) {
        return mapNamed("plus", v -> v + constant);
    }

    /** {@code f} applied to every entry; a NaN it makes from a number is an error (see the class's NaN policy). */
    public Matrix map(DoubleUnaryOperator f) {
        return mapNamed("map", f);
    }

    private Matrix mapNamed(String op, DoubleUnaryOperator f) {
        double[] out = new double[data.length];
        for (int k = 0; k < data.length; k++) {
            out[k] = f.applyAsDouble(data[k]);
        }
        return result(op, rows, cols, out, this);
    }

    /** {@code f(this(i,j), other(i,j))} for every entry; shapes must match. */
    public Matrix zip(String op, Matrix other, DoubleBinaryOperator f) {
        requireSameShape(op, other);
        double[] out = new double[data.length];
        for (int k = 0; k < data.length; k++) {
            out[k] = f.applyAsDouble(data[k], other.data[k]);
        }
        return result(op, rows, cols, out, this, other);
    }

    /**
     * Adds a column vector to every column: {@code A = W Z + b} with {@code b} of shape {@code rows x 1}
     * broadcast over the batch.
     */
    public Matrix plusColumn(Matrix column) {
        if (column.cols != 1 || column.rows != rows) {
            throw new IllegalArgumentException("plusColumn: cannot broadcast " + column.shape() + " over the columns of "
                    + shape() + " (need " + rows + " x 1)");
        }
        double[] out = new double[data.length];
        for (int i = 0; i < rows; i++) {
            double b = column.data[i];
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                out[base + j] = data[base + j] + b;
            }
        }
        return result("plusColumn", rows, cols, out, this, column);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * The sum of each row, {@code s_i = sum_j a_ij}, as a {@code rows x 1} column: in a batch (one column per
     * example) the sum over the examples, as in {@code dL/db(r) = Delta(r)} summed over the batch.
     */
    public Matrix rowSums() {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                s += data[base + j];
            }
            out[i] = s;
        }
        return result("rowSums", rows, 1, out, this);
    }

    /** The mean of each row, {@code (1/cols) sum_j a_ij}, as a {@code rows x 1} column: the mean over the batch. */
    public Matrix rowMeans() {
        return rowSums().scale(1.0 / cols);
    }

    /** The sum of each column, {@code s_j = sum_i a_ij}, as a {@code 1 x cols} row: per example, the sum over the rows. */
    public Matrix columnSums() {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            int base = i * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += data[base + j];
            }
        }
        return result("columnSums", 1, cols, out, this);
    }

    /** Sum of all entries. */
    public double sum() {
        double s = 0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    /** Largest entry. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Frobenius norm, {@code sqrt(sum of squares)}. */
    public double norm() {
        double s = 0;
        for (double v : data) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** For each column, the row index of its largest entry (in a batch of scores: the predicted class). */
    public int[] argmaxPerColumn() {
        int[] out = new int[cols];
        for (int j = 0; j < cols; j++) {
            int best = 0;
            for (int i = 1; i < rows; i++) {
                if (data[i * cols + j] > data[best * cols + j]) {
                    best = i;
                }
            }
            out[j] = best;
        }
        return out;
    }

    // ---------------------------------------------------------------- in place (optimizers)

    /** {@code this <- this + factor * other}, in place; shapes must match. Returns this. */
    public Matrix addScaledInPlace(Matrix other, double factor) {
        requireSameShape("addScaledInPlace", other);
        for (int k = 0; k < data.length; k++) {
            data[k] += factor * other.data[k];
        }
        knownFinite = false;
        return this;
    }

    /** Overwrites every entry with the other matrix's, in place; shapes must match. Returns this. */
    public Matrix setInPlace(Matrix other) {
        requireSameShape("setInPlace", other);
        System.arraycopy(other.data, 0, data, 0, data.length);
        knownFinite = other.knownFinite;
        return this;
    }

    // ---------------------------------------------------------------- comparison and text

    /** Whether the shapes match and every entry differs by at most {@code tolerance}. */
    public boolean approxEquals(Matrix other, double tolerance) {
        if (rows != other.rows || cols != other.cols) {
            return false;
        }
        for (int k = 0; k < data.length; k++) {
            if (!(Math.abs(data[k] - other.data[k]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every entry is finite (no NaN, no infinity). */
    public boolean isFinite() {
        if (knownFinite) {
            return true;
        }
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        knownFinite = true;
        return true;
    }

    /** Throws, naming the operation and the first offending entry, unless every entry is finite. */
    public void requireFinite(String op) {
        if (isFinite()) {
            return;
        }
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new IllegalArgumentException(op + ": entry [" + k / cols + "," + k % cols + "] of a " + shape()
                        + " matrix is " + data[k] + "; entries must be finite");
            }
        }
    }

    /** Throws if {@code other}'s shape differs, naming the operation and both shapes. */
    public void requireSameShape(String op, Matrix other) {
        if (rows != other.rows || cols != other.cols) {
            String hint = "";
            if (other.cols == 1 && other.rows == rows && cols != 1) {
                hint = op.equals("plus") ? "; to add the column to every column use plusColumn" : "; entry-by-entry "
                        + "operations do not broadcast (plusColumn adds a column to every column)";
            }
            throw new IllegalArgumentException(op + ": shapes differ, " + shape() + " and " + other.shape() + hint);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    /** The shape and, for small matrices, the entries: {@code Matrix 2 x 2 [[1, 2], [3, 4]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        if (data.length > 64) {
            return sb.append(" (norm ").append(String.format("%.4g", norm())).append(')').toString();
        }
        sb.append(" [");
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < cols; j++) {
                if (j > 0) {
                    sb.append(", ");
                }
                sb.append(String.format("%.4g", data[i * cols + j]));
            }
            sb.append(']');
        }
        return sb.append(']').toString();
    }
}
