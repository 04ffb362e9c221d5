package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class ExerciseTest {

    @Test
    void matchingAnswersPass() {
        Exercise.Result r = Exercise.evaluate("1.1", "square", ex -> ex
                .expect("f'(3)", 6.0, 6.0 + 1e-12, 1e-9)
                .expect("row", new double[] {1, 2}, new double[] {1, 2}, 1e-12));
        assertTrue(r.passed());
        assertEquals("PASS 1.1 square (2 comparisons)", r.toString());
    }

    @Test
    void aWrongElementIsNamedWithBothValuesAndTheHint() {
        Exercise.Result r = Exercise.evaluate("3.1", "delta", ex -> ex
                .expect("Delta(1)", new double[][] {{1, 2}, {3, 4}}, new double[][] {{1, 2}, {3, -4}}, 1e-9)
                .hint("look at f'(A(1))"));
        assertFalse(r.passed());
        String line = r.toString();
        assertTrue(line.startsWith("FAIL 3.1 delta: Delta(1)[1,1]: expected 4"), line);
        assertTrue(line.contains("got -4") && line.contains("sign is flipped") && line.endsWith("hint: look at f'(A(1))"), line);
    }

    @Test
    void onlyTheFirstFailureIsReported() {
        Exercise.Result r = Exercise.evaluate("2", "two", ex -> ex
                .expect("first", 1, 2, 1e-9)
                .expect("second", 1, 3, 1e-9));
        assertTrue(r.failure().startsWith("first"), r.failure());
    }

    @Test
    void shapeMismatchNullAndExceptionsAreFailuresNotCrashes() {
        assertTrue(Exercise.evaluate("a", "shape", ex -> ex.expect("v", new double[] {1, 2}, new double[] {1}, 1e-9))
                .failure().contains("shape 1 x 1, expected 1 x 2"));
        assertTrue(Exercise.evaluate("b", "null", ex -> ex.expect("v", new double[] {1}, (double[]) null, 1e-9))
                .failure().contains("null"));
        Exercise.Result thrown = Exercise.evaluate("c", "throws", ex -> {
            throw new UnsupportedOperationException("write your answer here");
        });
        assertFalse(thrown.passed());
        assertTrue(thrown.failure().contains("UnsupportedOperationException: write your answer here"), thrown.failure());
        Exercise.Result nan = Exercise.evaluate("d", "nan", ex -> ex.expect("x", 1.0, Double.NaN, 1e-9));
        assertFalse(nan.passed());
    }

    @Test
    void aPassPrintsOneLineAndAFailureEndsTheCellWithTheVerdictAsAnError() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        ExerciseFailed failed;
        try {
            Exercise.check("1.1", "square", ex -> ex.expect("f'(3)", 6.0, () -> 6.0, 1e-9));
            failed = assertThrows(ExerciseFailed.class,
                    () -> Exercise.check("1.2", "cube", ex -> ex.expect("f'(2)", 12.0, () -> 11.0, 1e-9).hint("3x^2")));
        } finally {
            System.setOut(out);
        }
        String printed = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("PASS 1.1 square (1 comparison)", printed.strip());
        assertTrue(failed.getMessage().startsWith("FAIL 1.2 cube: f'(2): expected 12"), failed.getMessage());
        assertTrue(failed.getMessage().endsWith("; hint: 3x^2"), failed.getMessage());
        assertFalse(failed.result().passed());
    }

    @Test
    void aFailingAnswerThatAKnownMistakeReproducesIsNamed() {
        double a = 2;
        double b = 3;
        Exercise.Result r = Exercise.evaluate("1.3", "d(ab)/da", ex -> ex
                .mistake("the other factor's own value, not the partner's", () -> a)
                .mistake("the sign flipped", () -> -b)
                .expect("dz/da", b, () -> -3.0, 1e-9));
        assertFalse(r.passed());
        assertEquals("the sign flipped", r.mistake());
        assertTrue(r.toString().contains("this looks like a known mistake: the sign flipped"), r.toString());
        Exercise.Result unknown = Exercise.evaluate("1.3", "d(ab)/da", ex -> ex
                .mistake("the sign flipped", () -> -b)
                .expect("dz/da", b, () -> 7.0, 1e-9));
        assertNull(unknown.mistake());
        assertFalse(unknown.toString().contains("known mistake"), unknown.toString());
    }

    @Test
    void aMistakeIsOnlyNamedWhenItReproducesEveryElementOfTheSameShape() {
        double[][] right = {{1, 2}, {3, 4}};
        double[][] transposed = {{1, 3}, {2, 4}};
        Exercise.Result r = Exercise.evaluate("3.2", "W", ex -> ex
                .mistake("a row of the transpose", () -> new double[] {1, 3})
                .mistake("the matrix transposed", () -> transposed)
                .expect("W", right, () -> new double[][] {{1, 3}, {2, 4.1}}, 1e-9));
        assertNull(r.mistake(), "4.1 is not 4: no mistake reproduces this answer");
        Exercise.Result t = Exercise.evaluate("3.2", "W", ex -> ex
                .mistake("a row of the transpose", () -> new double[] {1, 3})
                .mistake("the matrix transposed", () -> transposed)
                .expect("W", right, () -> new double[][] {{1, 3}, {2, 4 + 1e-12}}, 1e-9));
        assertEquals("the matrix transposed", t.mistake());
    }

    @Test
    void anAnswerThatThrowsMatchesAMistakeThatThrowsTheSameError() {
        Exercise.Result r = Exercise.evaluate("3.1", "shapes", ex -> ex
                .mistake("a missing transpose", () -> {
                    throw new IllegalArgumentException("times: 4 x 5 times 4 x 3");
                })
                .expect("Delta", 1.0, () -> {
                    throw new IllegalArgumentException("times: 4 x 5 times 4 x 3");
                }, 1e-9));
        assertFalse(r.passed());
        assertTrue(r.failure().contains("your code threw IllegalArgumentException: times: 4 x 5 times 4 x 3"), r.failure());
        assertEquals("a missing transpose", r.mistake());
        Exercise.Result other = Exercise.evaluate("3.1", "shapes", ex -> ex
                .mistake("a missing transpose", () -> {
                    throw new IllegalArgumentException("times: 4 x 5 times 4 x 3");
                })
                .expect("Delta", 1.0, () -> {
                    throw new IllegalStateException("times: 4 x 5 times 4 x 3");
                }, 1e-9));
        assertNull(other.mistake());
    }

    @Test
    void theStubIsReportedAsNotWrittenYetWhereverItIsReached() {
        Exercise.Result viaSupplier = Exercise.evaluate("4.2", "mean", ex -> ex
                .mistake("anything", () -> 1.0)
                .expect("m", 1.0, () -> {
                    throw Exercise.notWrittenYet();
                }, 1e-9));
        assertTrue(viaSupplier.notWritten());
        assertFalse(viaSupplier.passed());
        assertNull(viaSupplier.mistake());
        assertTrue(viaSupplier.toString().startsWith("NOT WRITTEN 4.2 mean: exercise 4.2 is not written yet"),
                viaSupplier.toString());
        Exercise.Result inBody = Exercise.evaluate("4.3", "direct", ex -> {
            throw Exercise.notWrittenYet();
        });
        assertTrue(inBody.notWritten());
        ExerciseFailed failed = assertThrows(ExerciseFailed.class, () -> Exercise.check("4.2", "mean",
                ex -> ex.expect("m", 1.0, () -> {
                    throw Exercise.notWrittenYet();
                }, 1e-9)));
        assertTrue(failed.getMessage().contains("exercise 4.2 is not written yet"), failed.getMessage());
    }

    @Test
    void aGradientAnswerIsJudgedByCentralDifferencesAndItsWrongElementNamed() {
        ToDoubleFunction<double[]> f = x -> x[0] * x[0] * x[1] + Math.sin(x[1]);
        double[] x = {1.5, -0.5};
        double[] right = {2 * 1.5 * -0.5, 1.5 * 1.5 + Math.cos(-0.5)};     // by hand
        assertTrue(Exercise.evaluate("2.1", "grad", ex -> ex.expectGradient("g", f, x, () -> right)).passed());
        double[] wrong = {right[0], 1.5 * 1.5 - Math.cos(-0.5)};
        Exercise.Result r = Exercise.evaluate("2.1", "grad", ex -> ex
                .mistake("the derivative of sin taken as -cos", () -> wrong)
                .expectGradient("g", f, x, () -> wrong));
        assertFalse(r.passed());
        assertTrue(r.failure().startsWith("g[1]: expected"), r.failure());
        assertEquals("the derivative of sin taken as -cos", r.mistake());
        Exercise.Result shape = Exercise.evaluate("2.1", "grad", ex -> ex.expectGradient("g", f, x, () -> new double[] {1}));
        assertTrue(shape.failure().contains("your answer has 1 numbers, the gradient has 2"), shape.failure());
    }

    @Test
    void aCheckThatComparesNothingFails() {
        assertFalse(Exercise.evaluate("e", "empty", ex -> { }).passed());
    }

    @Test
    void gradientReportsAndConditionsCount() {
        double[] x = {2.0};
        GradCheckReport good = GradCheck.of(() -> x[0] * x[0]).param("x", x, new double[] {4.0}).check();
        GradCheckReport bad = GradCheck.of(() -> x[0] * x[0]).param("x", x, new double[] {-4.0}).check();
        assertTrue(Exercise.evaluate("f", "good", ex -> ex.expect(good)).passed());
        Exercise.Result r = Exercise.evaluate("g", "bad", ex -> ex.expect(bad));
        assertTrue(r.failure().contains("gradient check failed at x"), r.failure());
        assertFalse(Exercise.evaluate("h", "cond", ex -> ex.expectTrue("b did not grow", false)).passed());
    }
}
