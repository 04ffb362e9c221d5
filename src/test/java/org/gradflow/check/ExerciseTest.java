package org.gradflow.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void checkPrintsTheVerdictLineOnce() {
        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Exercise.check("1.2", "cube", ex -> ex.expect("f'(2)", 12.0, 11.0, 1e-9));
        } finally {
            System.setOut(out);
        }
        String printed = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("FAIL 1.2 cube: f'(2): expected 12"), printed);
        assertEquals(1, printed.lines().count(), printed);
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
