package org.gradflow.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The tuned product kernels against the plain triple loop of the definition. */
class KernelsTest {

    private static Matrix random(int rows, int cols, Random rnd) {
        return Matrix.build(rows, cols, (i, j) -> rnd.nextGaussian());
    }

    /** {@code C(i, j) = sum_p A(i, p) B(p, j)}, one entry at a time. */
    private static Matrix definition(Matrix A, Matrix B) {
        return Matrix.build(A.rows(), B.cols(), (i, j) -> {
            double s = 0;
            for (int p = 0; p < A.cols(); p++) {
                s += A.get(i, p) * B.get(p, j);
            }
            return s;
        });
    }

    /** The three products through Matrix (whichever backend is on), and through each backend directly. */
    private static void checkAllThree(Matrix A, Matrix B) {
        Matrix expected = definition(A, B);
        double tolerance = 1e-12 * Math.max(1, A.cols());
        assertTrue(A.times(B).approxEquals(expected, tolerance), "times " + A.shape() + " " + B.shape());
        assertTrue(A.transpose().transposeTimes(B).approxEquals(expected, tolerance), "transposeTimes");
        assertTrue(A.timesTranspose(B.transpose()).approxEquals(expected, tolerance), "timesTranspose");
        checkBackend("Java", Kernels::javaMultiply, Kernels::javaMultiplyTransposeA, Kernels::javaMultiplyTransposeB,
                A, B, expected, tolerance);
        if (Kernels.NATIVE != null) {
            NativeBlas blas = Kernels.NATIVE;
            checkBackend(blas.name(), blas::multiply, blas::multiplyTransposeA, blas::multiplyTransposeB,
                    A, B, expected, tolerance);
        }
    }

    /** A product kernel on row-major arrays: {@code c = op(a) op(b)} with the shapes its method documents. */
    private interface Product {
        void run(double[] a, int d1, int d2, double[] b, int d3, double[] c);
    }

    private static void checkBackend(String name, Product times, Product transposeTimes, Product timesTranspose,
            Matrix A, Matrix B, Matrix expected, double tolerance) {
        int n = A.rows();
        int k = A.cols();
        int m = B.cols();
        double[] c = new double[n * m];
        times.run(A.toRowMajor(), n, k, B.toRowMajor(), m, c);
        assertTrue(Matrix.of(n, m, c).approxEquals(expected, tolerance), name + " times " + A.shape() + " " + B.shape());
        c = new double[n * m];
        transposeTimes.run(A.transpose().toRowMajor(), k, n, B.toRowMajor(), m, c);
        assertTrue(Matrix.of(n, m, c).approxEquals(expected, tolerance), name + " transposeTimes " + A.shape());
        c = new double[n * m];
        timesTranspose.run(A.toRowMajor(), n, k, B.transpose().toRowMajor(), m, c);
        assertTrue(Matrix.of(n, m, c).approxEquals(expected, tolerance), name + " timesTranspose " + A.shape());
    }

    /** Both kernels called directly (Matrix uses one of them, depending on the JVM's modules). */
    private static void checkBothKernels(Matrix A, Matrix B) {
        Matrix expected = definition(A, B);
        double tolerance = 1e-12 * Math.max(1, A.cols());
        int n = A.rows();
        int k = A.cols();
        int m = B.cols();
        double[] plain = new double[n * m];
        Kernels.plainRows(A.toRowMajor(), k, 1, 0, n, k, Kernels.rowsOf(B.toRowMajor(), k, m), m, plain);
        assertTrue(Matrix.of(n, m, plain).approxEquals(expected, tolerance), "plain kernel " + A.shape() + " " + B.shape());
        if (Kernels.VECTOR) {
            double[] vector = new double[n * m];
            VectorKernels.rows(A.toRowMajor(), k, 1, 0, n, k, B.toRowMajor(), m, vector);
            assertTrue(Matrix.of(n, m, vector).approxEquals(expected, tolerance), "vector kernel " + A.shape() + " " + B.shape());
        }
    }

    @Property(tries = 80)
    void bothKernelsMatchTheDefinition(
            @ForAll @IntRange(min = 1, max = 19) int n,
            @ForAll @IntRange(min = 1, max = 11) int k,
            @ForAll @IntRange(min = 1, max = 40) int m,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        Matrix A = Matrix.build(n, k, (i, j) -> rnd.nextInt(3) == 0 ? 0.0 : rnd.nextGaussian());
        checkBothKernels(A, random(k, m, rnd));
    }

    /** The test JVM adds jdk.incubator.vector (see the pom's argLine), so the Vector API kernel is exercised. */
    @Test
    void theVectorKernelIsOnWhenItsModuleIsPresent() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "JVM without the vector module");
        assertTrue(Kernels.VECTOR);
        Random rnd = new Random(8);
        checkBothKernels(random(37, 29, rnd), random(29, 300, rnd));
    }

    /** On a machine with OpenBLAS installed (scripts/setup does it) the products run natively unless told not to. */
    @Test
    void theBackendIsNamedAndNativeWhenABlasLoads() {
        String backend = Matrix.backend();
        if (Kernels.NATIVE != null) {
            assertTrue(backend.contains("native"), backend);
        } else {
            assertTrue(backend.startsWith("Java"), backend);
        }
        assertTrue(!"java".equals(System.getProperty("gradflow.blas")) || Kernels.NATIVE == null);
    }

    /** Prints {@link Matrix#backend()} and the product of a 2 x 2 pair, for the test below. */
    static final class PrintBackend {
        public static void main(String[] args) {
            Matrix A = Matrix.build(20, 30, (i, j) -> i - j);
            Matrix B = Matrix.build(30, 20, (i, j) -> i + 2 * j);
            System.out.println(Matrix.backend() + "|" + A.times(B).approxEquals(definition(A, B), 1e-9));
        }
    }

    /** {@code -Dgradflow.blas=java} keeps the products in Java (chosen once, at class-load time, so in a new JVM). */
    @Test
    void theJavaBackendCanBeForced() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dgradflow.blas=java", "-cp", System.getProperty("java.class.path"),
                PrintBackend.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals("Java|true", out);
    }

    @Property(tries = 80)
    void smallProductsOfEveryShapeMatchTheDefinition(
            @ForAll @IntRange(min = 1, max = 11) int n,
            @ForAll @IntRange(min = 1, max = 11) int k,
            @ForAll @IntRange(min = 1, max = 11) int m,
            @ForAll long seed) {
        Random rnd = new Random(seed);
        checkAllThree(random(n, k, rnd), random(k, m, rnd));
    }

    @Test
    void largeProductsSplitOverThreadsMatchTheDefinition() {
        Random rnd = new Random(3);
        // odd row counts and lengths that are not multiples of 4, above the threshold for threads
        checkAllThree(random(67, 97, rnd), random(97, 91, rnd));
        checkAllThree(random(128, 130, rnd), random(130, 33, rnd));
        assertTrue(67L * 97 * 91 >= Kernels.PARALLEL_MIN_WORK);
    }

    /** Long rows of C take the path that skips zero coefficients: half-zero rows, an all-zero row, an odd row. */
    @Test
    void productsWithZeroCoefficientsAndLongRowsMatchTheDefinition() {
        Random rnd = new Random(4);
        int m = Kernels.SKIP_ZEROS_MIN_LENGTH + 45;
        Matrix A = Matrix.build(13, 21, (i, j) -> i == 4 || rnd.nextBoolean() ? 0.0 : rnd.nextGaussian());
        checkAllThree(A, random(21, m, rnd));
        checkAllThree(A.transpose().times(A), random(21, m, rnd));
        Matrix reluDelta = Matrix.build(40, 64, (i, j) -> rnd.nextBoolean() ? 0.0 : rnd.nextGaussian());
        checkAllThree(reluDelta, random(64, 784, rnd));
        checkBothKernels(A, random(21, m, rnd));
    }
}
