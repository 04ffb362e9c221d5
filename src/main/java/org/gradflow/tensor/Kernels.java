package org.gradflow.tensor;

/**
 * The inner loops of matrix products on row-major arrays. Kept apart from {@link Matrix} so that the
 * shape checks and the arithmetic can be read (and tuned) separately.
 */
final class Kernels {

    private Kernels() {
    }

    /** {@code c = a * b} with {@code a: n x k}, {@code b: k x m}, {@code c: n x m} (c zeroed by the caller). */
    static void multiply(double[] a, int n, int k, double[] b, int m, double[] c) {
        for (int i = 0; i < n; i++) {
            int ci = i * m;
            for (int p = 0; p < k; p++) {
                double aip = a[i * k + p];
                if (aip == 0.0) {
                    continue;
                }
                int bp = p * m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** {@code c = a^T * b} with {@code a: k x n}, {@code b: k x m}, {@code c: n x m}. */
    static void multiplyTransposeA(double[] a, int k, int n, double[] b, int m, double[] c) {
        for (int p = 0; p < k; p++) {
            int ap = p * n;
            int bp = p * m;
            for (int i = 0; i < n; i++) {
                double api = a[ap + i];
                if (api == 0.0) {
                    continue;
                }
                int ci = i * m;
                for (int j = 0; j < m; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    /** {@code c = a * b^T} with {@code a: n x k}, {@code b: m x k}, {@code c: n x m}. */
    static void multiplyTransposeB(double[] a, int n, int k, double[] b, int m, double[] c) {
        for (int i = 0; i < n; i++) {
            int ai = i * k;
            for (int j = 0; j < m; j++) {
                int bj = j * k;
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[i * m + j] = s;
            }
        }
    }
}
