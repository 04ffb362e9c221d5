package org.gradflow.check;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The self-checking part of a lesson's exercise: compares what the learner computed with a reference (a
 * finite-difference estimate or an independent computation) and prints one verdict line,
 * {@code PASS <id> <title>} or {@code FAIL <id> <title>: <what, where, expected vs got>; hint: <hint>}.
 *
 * <pre>{@code
 * Exercise.check("3.1", "one step of the delta recursion", ex -> ex
 *         .expect("Delta(1)", reference.toArray(), myDelta.toArray(), 1e-9)
 *         .hint("multiply W(2)^T Delta(2) element-wise by f'(A(1))"));
 * }</pre>
 *
 * <p>An exception thrown by the learner's code is a failure, reported with its message, never a crash of the
 * cell: the lesson runner reads the verdict line. Only the first failing comparison is reported, since later
 * ones usually follow from it.
 */
public final class Exercise {

    /** The outcome of one exercise; {@code toString()} is the verdict line. */
    public record Result(String id, String title, boolean passed, int comparisons, String failure, String hint) {

        /** {@code PASS 3.1 title (n comparisons)} or {@code FAIL 3.1 title: ...; hint: ...}. */
        @Override
        public String toString() {
            if (passed) {
                return "PASS " + id + " " + title + " (" + comparisons + (comparisons == 1 ? " comparison)" : " comparisons)");
            }
            return "FAIL " + id + " " + title + ": " + failure + (hint == null ? "" : "; hint: " + hint);
        }
    }

    private final String id;
    private final String title;
    private int comparisons;
    private String failure;
    private String hint;

    private Exercise(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /**
     * Runs the comparisons that {@code body} adds and prints the verdict line to {@code System.out}. Returns
     * nothing, so that a check cell shows the verdict once; use {@link #evaluate} to get it as a value.
     *
     * @param id    the exercise number in its lesson, e.g. {@code "3.1"}
     * @param title what the learner was asked to write
     */
    public static void check(String id, String title, Consumer<Exercise> body) {
        System.out.println(evaluate(id, title, body));
    }

    /** Runs the comparisons that {@code body} adds and returns the verdict without printing it. */
    public static Result evaluate(String id, String title, Consumer<Exercise> body) {
        Objects.requireNonNull(id, "Exercise.check: id is null");
        Objects.requireNonNull(title, "Exercise.check: title is null");
        Objects.requireNonNull(body, "Exercise.check: body is null");
        Exercise ex = new Exercise(id, title);
        try {
            body.accept(ex);
            if (ex.comparisons == 0 && ex.failure == null) {
                ex.failure = "the check compared nothing (an exercise check must make at least one comparison)";
            }
        } catch (RuntimeException | StackOverflowError e) {
            if (ex.failure == null) {
                ex.failure = "your code threw " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        return new Result(id, title, ex.failure == null, ex.comparisons, ex.failure, ex.hint);
    }

    /** The hint shown when this exercise fails. */
    public Exercise hint(String hint) {
        this.hint = hint;
        return this;
    }

    /** Passes when {@code |expected - actual|} is within {@code tolerance} in {@link RelativeError relative error}. */
    public Exercise expect(String what, double expected, double actual, double tolerance) {
        return expect(what, new double[][] {{expected}}, new double[][] {{actual}}, tolerance);
    }

    /** Element-wise {@link #expect(String, double, double, double)} for vectors of the same length. */
    public Exercise expect(String what, double[] expected, double[] actual, double tolerance) {
        return expect(what, expected == null ? null : new double[][] {expected},
                actual == null ? null : new double[][] {actual}, tolerance);
    }

    /** Element-wise {@link #expect(String, double, double, double)} for matrices of the same shape. */
    public Exercise expect(String what, double[][] expected, double[][] actual, double tolerance) {
        if (failure != null) {
            return this;
        }
        comparisons++;
        if (actual == null) {
            failure = what + ": your answer is null (not computed yet?)";
            return this;
        }
        Objects.requireNonNull(expected, "Exercise.expect: the reference for " + what + " is null");
        if (actual.length != expected.length || actual.length > 0 && actual[0].length != expected[0].length) {
            failure = what + ": shape " + shape(actual) + ", expected " + shape(expected);
            return this;
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double err = RelativeError.of(expected[i][j], actual[i][j]);
                if (!(err <= tolerance)) {
                    failure = String.format("%s%s: expected %.6g, got %.6g (relative error %.2g > %.0e)%s", what,
                            index(expected, i, j), expected[i][j], actual[i][j], err, tolerance,
                            signFlipped(expected[i][j], actual[i][j]) ? "; the sign is flipped" : "");
                    return this;
                }
            }
        }
        return this;
    }

    /** Passes when the condition holds; {@code otherwise} says what went wrong. */
    public Exercise expectTrue(String otherwise, boolean condition) {
        if (failure == null) {
            comparisons++;
            if (!condition) {
                failure = otherwise;
            }
        }
        return this;
    }

    /** Passes when a gradient check of the learner's gradient passed; otherwise reports its worst element. */
    public Exercise expect(GradCheckReport report) {
        if (failure == null) {
            comparisons++;
            if (!report.passed()) {
                ElementCheck worst = report.worst();
                failure = String.format("gradient check failed at %s: analytic %.6g, numeric %.6g (relative error %.2g)",
                        worst.element(), worst.analytic(), worst.numeric(), worst.relativeError());
            }
        }
        return this;
    }

    private static boolean signFlipped(double expected, double actual) {
        return expected != 0 && Math.abs(expected + actual) <= 1e-9 * Math.abs(expected);
    }

    private static String shape(double[][] m) {
        return m.length + " x " + (m.length == 0 ? 0 : m[0].length);
    }

    private static String index(double[][] m, int i, int j) {
        if (m.length == 1 && m[0].length == 1) {
            return "";
        }
        return m.length == 1 ? "[" + j + "]" : "[" + i + "," + j + "]";
    }
}
