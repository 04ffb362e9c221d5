package org.gradflow.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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

    private static void checkAllThree(Matrix A, Matrix B) {
        Matrix expected = definition(A, B);
        double tolerance = 1e-12 * Math.max(1, A.cols());
        assertTrue(A.times(B).approxEquals(expected, tolerance), "times " + A.shape() + " " + B.shape());
        assertTrue(A.transpose().transposeTimes(B).approxEquals(expected, tolerance), "transposeTimes");
        assertTrue(A.timesTranspose(B.transpose()).approxEquals(expected, tolerance), "timesTranspose");
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
    }
}
