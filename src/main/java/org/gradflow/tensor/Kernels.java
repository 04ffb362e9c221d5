package org.gradflow.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The inner loops of matrix products on row-major arrays. Kept apart from {@link Matrix} so that the
 * shape checks and the arithmetic can be read (and tuned) separately.
 *
 * <p>All three products run one kernel, {@code C(i, :) = sum_p A(i, p) B(p, :)}, a row of C at a time as a
 * sum of rows of B. What makes it fast on the JVM:
 * <ul>
 *   <li>The rows of B are copied into separate arrays and each row of C is accumulated in its own array,
 *       so the innermost loop reads and writes every array at the same index {@code j}. The JIT compiler
 *       vectorises such a loop (SIMD); with offsets into one shared array it cannot prove the reads and
 *       writes independent and falls back to one number at a time (measured: about 2.5x slower).</li>
 *   <li>Two rows of C and four rows of B per pass: each loaded element of B serves two rows of C, and each
 *       row of C is loaded and stored once per four products. More than that and the compiler stops
 *       vectorising the loop (measured on Java 17 and 25).</li>
 *   <li>Large products split the rows of C over {@link #THREADS} threads (the common fork-join pool plus the
 *       caller). Set {@code -Dgradflow.threads=1} to stay on one thread.</li>
 * </ul>
 * {@code A^T B} reads A with swapped strides; {@code A B^T} transposes B once (cheap next to the product).
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector} (Java 17 and later), the products use
 * {@link VectorKernels} instead, which keeps blocks of C in vector registers (about twice as fast).
 * {@code -Dgradflow.vector=false} turns it off.
 *
 * <p>Above all of these: when an optimised native BLAS loads ({@link NativeBlas}; OpenBLAS on Debian), every
 * product but the smallest goes to its {@code dgemm}, which on this kind of machine is 2-5x faster than the Java kernels.
 * The backend is chosen once, when this class loads; {@link #backend()} names it and
 * {@code -Dgradflow.blas=java} keeps the products in Java.
 */
final class Kernels {

    /** Threads used for large products: {@code -Dgradflow.threads}, by default the number of processors. */
    static final int THREADS = Math.max(1, Integer.getInteger("gradflow.threads",
            Runtime.getRuntime().availableProcessors()));

    /** Whether the Vector API kernel is used: its module is in the JVM and {@code gradflow.vector} is not false. */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("gradflow.vector"));

    /** The native BLAS, unless none loads or {@code -Dgradflow.blas=java}; null when the products stay in Java. */
    static final NativeBlas NATIVE = "java".equals(System.getProperty("gradflow.blas")) ? null : NativeBlas.loadOrNull();

    /**
     * Products with fewer multiply-adds ({@code n k m}) than this stay in Java even when the native BLAS is on:
     * the JNI call costs about 0.2 microseconds, more than the whole product below this size (measured).
     */
    static final long NATIVE_MIN_WORK = 512;

    /** Products with at least this many multiply-adds ({@code n k m}) are split over threads. */
    static final long PARALLEL_MIN_WORK = 1L << 19;

    /** Rows of c at least this long skip zero coefficients (measured: the scan costs ~10% at 64, ~1% at 784). */
    static final int SKIP_ZEROS_MIN_LENGTH = 256;

    private Kernels() {
    }

    /** The backend of the products: the native BLAS's name, {@code "Java (Vector API)"} or {@code "Java"}. */
    static String backend() {
        return NATIVE != null ? NATIVE.name() : VECTOR ? "Java (Vector API)" : "Java";
    }

    private static boolean useNative(int n, int k, int m) {
        return NATIVE != null && (long) n * k * m >= NATIVE_MIN_WORK;
    }

    /** {@code c = a * b} with {@code a: n x k}, {@code b: k x m}, {@code c: n x m} (c zeroed by the caller). */
    static void multiply(double[] a, int n, int k, double[] b, int m, double[] c) {
        if (useNative(n, k, m)) {
            NATIVE.multiply(a, n, k, b, m, c);
        } else {
            javaMultiply(a, n, k, b, m, c);
        }
    }

    /**
     * {@code c = a * b + bias} with the column {@code bias} (length n) added to every column of the product;
     * {@code a: n x k}, {@code b: k x m}, {@code c: n x m} (zeroed by the caller).
     */
    static void multiplyPlusColumn(double[] a, int n, int k, double[] b, int m, double[] bias, double[] c) {
        if (useNative(n, k, m)) {
            for (int i = 0; i < n; i++) {
                Arrays.fill(c, i * m, (i + 1) * m, bias[i]);
            }
            NATIVE.multiplyAdd(a, n, k, b, m, c);
            return;
        }
        javaMultiply(a, n, k, b, m, c);
        for (int i = 0; i < n; i++) {
            double bi = bias[i];
            for (int j = i * m; j < (i + 1) * m; j++) {
                c[j] += bi;
            }
        }
    }

    /** {@code c = a^T * b} with {@code a: k x n}, {@code b: k x m}, {@code c: n x m}. */
    static void multiplyTransposeA(double[] a, int k, int n, double[] b, int m, double[] c) {
        if (useNative(n, k, m)) {
            NATIVE.multiplyTransposeA(a, k, n, b, m, c);
        } else {
            javaMultiplyTransposeA(a, k, n, b, m, c);
        }
    }

    /** {@code c = a * b^T} with {@code a: n x k}, {@code b: m x k}, {@code c: n x m}. */
    static void multiplyTransposeB(double[] a, int n, int k, double[] b, int m, double[] c) {
        if (useNative(n, k, m)) {
            NATIVE.multiplyTransposeB(a, n, k, b, m, c);
        } else {
            javaMultiplyTransposeB(a, n, k, b, m, c);
        }
    }

    /** {@link #multiply} by the Java kernels (the fallback when no native BLAS loads). */
    static void javaMultiply(double[] a, int n, int k, double[] b, int m, double[] c) {
        product(a, k, 1, n, k, b, m, c);
    }

    /** {@link #multiplyTransposeA} by the Java kernels. */
    static void javaMultiplyTransposeA(double[] a, int k, int n, double[] b, int m, double[] c) {
        product(a, 1, n, n, k, b, m, c);
    }

    /** {@link #multiplyTransposeB} by the Java kernels. */
    static void javaMultiplyTransposeB(double[] a, int n, int k, double[] b, int m, double[] c) {
        product(a, k, 1, n, k, transpose(b, m, k), m, c);
    }

    /**
     * The transpose of a row-major {@code rows x cols} array, as a row-major {@code cols x rows} array. Eight
     * rows at a time, so that reads run along eight rows and writes fill eight neighbouring entries.
     */
    static double[] transpose(double[] b, int rows, int cols) {
        double[] t = new double[rows * cols];
        int j = 0;
        for (; j + 7 < rows; j += 8) {
            for (int p = 0; p < cols; p++) {
                int to = p * rows + j;
                int from = j * cols + p;
                for (int q = 0; q < 8; q++) {
                    t[to + q] = b[from + q * cols];
                }
            }
        }
        for (; j < rows; j++) {
            for (int p = 0; p < cols; p++) {
                t[p * rows + j] = b[j * cols + p];
            }
        }
        return t;
    }

    /** The rows of a row-major {@code k x m} array as {@code k} separate arrays. */
    static double[][] rowsOf(double[] b, int k, int m) {
        double[][] rows = new double[k][];
        for (int p = 0; p < k; p++) {
            rows[p] = Arrays.copyOfRange(b, p * m, (p + 1) * m);
        }
        return rows;
    }

    /**
     * {@code c(i, :) = sum_p A(i, p) bRows[p]} for {@code i < n}, where {@code A(i, p) = a[i * rowStride + p * colStride]};
     * split by rows of c over threads when large.
     */
    private static void product(double[] a, int rowStride, int colStride, int n, int k, double[] b, int m,
            double[] c) {
        double[][] bRows = VECTOR ? null : rowsOf(b, k, m);
        int parts = (long) n * k * m >= PARALLEL_MIN_WORK ? Math.min(THREADS, n / 4) : 1;
        if (parts <= 1) {
            rows(a, rowStride, colStride, 0, n, k, b, bRows, m, c);
            return;
        }
        // Row ranges start at multiples of 4 so that each part works on whole blocks of rows.
        int[] start = new int[parts + 1];
        for (int t = 0; t <= parts; t++) {
            start[t] = t == parts ? n : (int) ((long) n * t / parts) & ~3;
        }
        List<Future<?>> others = new ArrayList<>(parts - 1);
        for (int t = 1; t < parts; t++) {
            int from = start[t];
            int to = start[t + 1];
            others.add(ForkJoinPool.commonPool().submit(() -> rows(a, rowStride, colStride, from, to, k, b, bRows, m, c)));
        }
        rows(a, rowStride, colStride, start[0], start[1], k, b, bRows, m, c);
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("matrix product interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("matrix product failed", e.getCause());
            }
        }
    }

    /** Rows {@code from..to-1} of c by the Vector API kernel if on, else by the plain one (which reads bRows). */
    private static void rows(double[] a, int rowStride, int colStride, int from, int to, int k, double[] b,
            double[][] bRows, int m, double[] c) {
        if (VECTOR) {
            VectorKernels.rows(a, rowStride, colStride, from, to, k, b, m, c);
        } else {
            plainRows(a, rowStride, colStride, from, to, k, bRows, m, c);
        }
    }

    /**
     * The kernel on rows {@code from..to-1} of c: two rows of c and four rows of b per pass. When the rows
     * are long, terms whose coefficients are zero in both rows of c are skipped (ReLU zeroes about half of
     * each delta, so the weight gradient {@code Delta Z^T} has fewer terms); for short rows the scan for zeros
     * would cost more than it saves.
     */
    static void plainRows(double[] a, int rowStride, int colStride, int from, int to, int k, double[][] bRows,
            int m, double[] c) {
        double[] c0 = new double[m];
        double[] c1 = new double[m];
        int[] used = new int[k];
        for (int p = 0; p < k; p++) {
            used[p] = p;
        }
        boolean skipZeros = m >= SKIP_ZEROS_MIN_LENGTH;
        int i = from;
        for (; i + 1 < to; i += 2) {
            Arrays.fill(c0, 0.0);
            Arrays.fill(c1, 0.0);
            int a0 = i * rowStride;
            int a1 = a0 + rowStride;
            int count = k;
            if (skipZeros) {
                count = 0;
                for (int p = 0; p < k; p++) {
                    if (a[a0 + p * colStride] != 0.0 || a[a1 + p * colStride] != 0.0) {
                        used[count++] = p;
                    }
                }
            }
            int q = 0;
            for (; q + 3 < count; q += 4) {
                int p0 = used[q];
                int p1 = used[q + 1];
                int p2 = used[q + 2];
                int p3 = used[q + 3];
                double s0 = a[a0 + p0 * colStride];
                double s1 = a[a0 + p1 * colStride];
                double s2 = a[a0 + p2 * colStride];
                double s3 = a[a0 + p3 * colStride];
                double t0 = a[a1 + p0 * colStride];
                double t1 = a[a1 + p1 * colStride];
                double t2 = a[a1 + p2 * colStride];
                double t3 = a[a1 + p3 * colStride];
                pass(c0, c1, m, s0, s1, s2, s3, t0, t1, t2, t3, bRows[p0], bRows[p1], bRows[p2], bRows[p3]);
            }
            for (; q < count; q++) {
                int p = used[q];
                double s = a[a0 + p * colStride];
                double t = a[a1 + p * colStride];
                double[] x = bRows[p];
                for (int j = 0; j < m; j++) {
                    c0[j] += s * x[j];
                    c1[j] += t * x[j];
                }
            }
            System.arraycopy(c0, 0, c, i * m, m);
            System.arraycopy(c1, 0, c, (i + 1) * m, m);
        }
        if (i < to) {
            Arrays.fill(c0, 0.0);
            int a0 = i * rowStride;
            for (int p = 0; p < k; p++) {
                double s = a[a0 + p * colStride];
                if (s == 0.0) {
                    continue;
                }
                double[] x = bRows[p];
                for (int j = 0; j < m; j++) {
                    c0[j] += s * x[j];
                }
            }
            System.arraycopy(c0, 0, c, i * m, m);
        }
    }

    /** {@code c0 += s0 x0 + ... + s3 x3} and {@code c1 += t0 x0 + ... + t3 x3}, entry by entry (the vectorised loop). */
    private static void pass(double[] c0, double[] c1, int m, double s0, double s1, double s2, double s3,
            double t0, double t1, double t2, double t3, double[] x0, double[] x1, double[] x2, double[] x3) {
        for (int j = 0; j < m; j++) {
            double y0 = x0[j];
            double y1 = x1[j];
            double y2 = x2[j];
            double y3 = x3[j];
            c0[j] += s0 * y0 + s1 * y1 + s2 * y2 + s3 * y3;
            c1[j] += t0 * y0 + t1 * y1 + t2 * y2 + t3 * y3;
        }
    }
}
