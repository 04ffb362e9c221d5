package org.gradflow.tensor;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The matrix products on the system's BLAS ({@code dgemm}), through the JNI binding of
 * {@code dev.ludovic.netlib:blas}, which loads {@code libblas.so.3} (on Debian: OpenBLAS when
 * {@code libopenblas0} is installed, as {@code scripts/setup} does).
 *
 * <p>BLAS is column-major and gradflow is row-major. A row-major {@code n x m} array is the column-major
 * {@code m x n} array of the transpose, so {@code C = A B} is computed as {@code C^T = B^T A^T}: the
 * operands swap places and every "transpose" flag describes the row-major array as BLAS sees it.
 *
 * <p>The thread count of the native products is the library's own: {@code OPENBLAS_NUM_THREADS} for OpenBLAS.
 */
final class NativeBlas {

    private static final String[] OPTIMISED = {"openblas", "mkl", "blis", "atlas"};

    private final BLAS blas;
    private final String name;

    private NativeBlas(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    /**
     * The native BLAS, or null when none loads or the one that loads is the unoptimised reference BLAS (slower
     * than gradflow's Java kernels). netlib's own warning on a failed load is kept quiet: falling back is normal.
     */
    static NativeBlas loadOrNull() {
        Logger netlibLog = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");
        Level before = netlibLog.getLevel();
        netlibLog.setLevel(Level.OFF);
        try {
            BLAS blas = NativeBLAS.getInstance();
            String library = loadedBlasLibrary();
            if (library == null) {
                return null;
            }
            return new NativeBlas(blas, library);
        } catch (Throwable e) {
            // No JNI library for this platform, no libblas.so.3, or a C library too old for the binding.
            return null;
        } finally {
            netlibLog.setLevel(before);
        }
    }

    /**
     * The name of the optimised BLAS mapped into this process (found in {@code /proc/self/maps}), e.g.
     * {@code "OpenBLAS (native, libopenblas.so.0)"}; null when none of the known optimised ones is there.
     */
    private static String loadedBlasLibrary() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        for (String line : Files.readAllLines(maps)) {
            int slash = line.lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String file = line.substring(slash + 1);
            String path = line.substring(line.indexOf('/'));
            for (String known : OPTIMISED) {
                if (path.toLowerCase().contains(known)) {
                    String label = known.equals("openblas") ? "OpenBLAS" : known.toUpperCase();
                    return label + " (native, " + file + ")";
                }
            }
        }
        return null;
    }

    /** What {@link Matrix#backend()} reports, e.g. {@code "OpenBLAS (native, libopenblas.so.0)"}. */
    String name() {
        return name;
    }

    /** {@code c = a b} with row-major {@code a: n x k}, {@code b: k x m}, {@code c: n x m}. */
    void multiply(double[] a, int n, int k, double[] b, int m, double[] c) {
        blas.dgemm("N", "N", m, n, k, 1.0, b, m, a, k, 0.0, c, m);
    }

    /** {@code c = c + a b} with row-major {@code a: n x k}, {@code b: k x m}, {@code c: n x m}. */
    void multiplyAdd(double[] a, int n, int k, double[] b, int m, double[] c) {
        blas.dgemm("N", "N", m, n, k, 1.0, b, m, a, k, 1.0, c, m);
    }

    /** {@code c = a^T b} with row-major {@code a: k x n}, {@code b: k x m}, {@code c: n x m}. */
    void multiplyTransposeA(double[] a, int k, int n, double[] b, int m, double[] c) {
        blas.dgemm("N", "T", m, n, k, 1.0, b, m, a, n, 0.0, c, m);
    }

    /** {@code c = a b^T} with row-major {@code a: n x k}, {@code b: m x k}, {@code c: n x m}. */
    void multiplyTransposeB(double[] a, int n, int k, double[] b, int m, double[] c) {
        blas.dgemm("T", "N", m, n, k, 1.0, b, k, a, k, 0.0, c, m);
    }
}
