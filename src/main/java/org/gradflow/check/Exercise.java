package org.gradflow.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The self-checking part of a lesson's exercise: runs the learner's code, compares what it computes with a
 * reference (a finite-difference estimate or an independent computation) and gives one verdict.
 *
 * <p>An exercise asks for the body of a method. The check calls that method inside a supplier, registers the
 * known mistakes (what each typical wrong version computes on the same inputs) and compares:
 *
 * <pre>{@code
 * Exercise.check("3.1", "one step of the delta recursion", ex -> ex
 *         .mistake("f(A(1)) where f'(A(1)) belongs", () -> f.apply(A1).hadamard(W2.transposeTimes(Delta2)).toArray())
 *         .hint("the slope of the activation at A(1), not the activation itself")
 *         .expectGradient("Delta(1)", a -> lossFromA(a), A1.toRowMajor(), () -> delta1(Delta2, W2, A1).toRowMajor()));
 * }</pre>
 *
 * <p>A pass prints one line, {@code PASS 3.1 <title> (n comparisons)}. A failure ends the cell with an
 * {@link ExerciseFailed} error whose message is the verdict line: which element, expected vs got, the known
 * mistake the answer reproduces (when one does) and the hint, so that nbgrader, nbclient and
 * {@code nbconvert --execute} see it. An answer still holding the student edition's stub
 * ({@code throw Exercise.notWrittenYet();}) fails as "not written yet". Only the first failing comparison is
 * reported, since later ones usually follow from it.
 */
public final class Exercise {

    /** Relative error within which a known mistake is taken to reproduce the learner's answer. */
    static final double MISTAKE_MATCH = 1e-6;

    /**
     * The outcome of one exercise; {@code toString()} is the verdict line.
     *
     * @param mistake    the known mistake the learner's answer reproduces, or null
     * @param notWritten the answer still throws the student edition's stub
     */
    public record Result(String id, String title, boolean passed, int comparisons, String failure, String hint,
            String mistake, boolean notWritten) {

        /** {@code PASS 3.1 title (n comparisons)}, {@code FAIL 3.1 title: ...} or {@code NOT WRITTEN 3.1 ...}. */
        @Override
        public String toString() {
            if (passed) {
                return "PASS " + id + " " + title + " (" + comparisons + (comparisons == 1 ? " comparison)" : " comparisons)");
            }
            if (notWritten) {
                return "NOT WRITTEN " + id + " " + title + ": exercise " + id + " is not written yet: write your answer "
                        + "in the cell above, in place of the line \"throw Exercise.notWrittenYet();\"";
            }
            return "FAIL " + id + " " + title + ": " + failure
                    + (mistake == null ? "" : "; this looks like a known mistake: " + mistake)
                    + (hint == null ? "" : "; hint: " + hint);
        }
    }

    /** What the learner's code gave: a grid of numbers, or the exception it threw. */
    private record Outcome(double[][] value, Throwable thrown) {

        static Outcome of(Supplier<?> code) {
            try {
                return new Outcome(grid(code.get()), null);
            } catch (RuntimeException | StackOverflowError e) {
                return new Outcome(null, e);
            }
        }

        boolean reproduces(Outcome other) {
            if (thrown != null || other.thrown != null) {
                return thrown != null && other.thrown != null && thrown.getClass() == other.thrown.getClass()
                        && Objects.equals(thrown.getMessage(), other.thrown.getMessage());
            }
            if (value == null || other.value == null || !sameShape(value, other.value)) {
                return false;
            }
            for (int i = 0; i < value.length; i++) {
                for (int j = 0; j < value[i].length; j++) {
                    if (!(RelativeError.of(value[i][j], other.value[i][j]) <= MISTAKE_MATCH)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private record Mistake(String name, Supplier<?> code) {
    }

    /** Signals that the learner's answer still holds the stub; ends the check's body. */
    private static final class StubReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StubReached() {
            super(null, null, false, false);
        }
    }

    private final String id;
    private final String title;
    private final List<Mistake> mistakes = new ArrayList<>();
    private int comparisons;
    private String failure;
    private String hint;
    private String mistake;
    private boolean notWritten;

    private Exercise(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /**
     * What the stub of an exercise in the student edition throws: {@code throw Exercise.notWrittenYet();}. The
     * check reports such an answer as "exercise 3.1 is not written yet".
     */
    public static NotWrittenYet notWrittenYet() {
        return new NotWrittenYet();
    }

    /**
     * Runs the comparisons that {@code body} adds: on a pass prints the one verdict line to {@code System.out};
     * otherwise throws {@link ExerciseFailed} with the verdict line as its message.
     *
     * @param id    the exercise number in its lesson, e.g. {@code "3.1"}
     * @param title what the learner was asked to write
     * @throws ExerciseFailed when a comparison fails, the learner's code throws, or the answer is not written
     */
    public static void check(String id, String title, Consumer<Exercise> body) {
        Result result = evaluate(id, title, body);
        if (!result.passed()) {
            throw new ExerciseFailed(result);
        }
        System.out.println(result);
    }

    /** Runs the comparisons that {@code body} adds and returns the verdict, neither printing nor throwing. */
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
        } catch (StubReached | NotWrittenYet e) {
            ex.notWritten = true;
        } catch (RuntimeException | StackOverflowError e) {
            if (ex.failure == null) {
                ex.failure = threw(e);
            }
        }
        boolean passed = ex.failure == null && !ex.notWritten;
        return new Result(id, title, passed, ex.comparisons, ex.failure, ex.hint, ex.mistake, ex.notWritten);
    }

    /** The hint shown when this exercise fails: it points at the idea, the solutions edition holds the formula. */
    public Exercise hint(String hint) {
        this.hint = hint;
        return this;
    }

    /**
     * A known mistake, named in a short phrase ({@code "the sign flipped"}), with what it computes on the check's
     * inputs: a {@code double}, {@code double[]} or {@code double[][]}. When a comparison fails and this mistake
     * reproduces the learner's answer (the same numbers within 1e-6, or the same exception and message), the
     * verdict names it. Register mistakes before the comparisons; the first that matches is named.
     */
    public Exercise mistake(String name, Supplier<?> wrong) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Exercise.mistake: the mistake needs a name");
        }
        mistakes.add(new Mistake(name, Objects.requireNonNull(wrong, "Exercise.mistake: the code of \"" + name + "\" is null")));
        return this;
    }

    /**
     * Passes when the learner's answer ({@code mine}, a supplier that calls the learner's method) equals
     * {@code expected} element by element within {@code tolerance} in {@link RelativeError relative error}.
     * Both may be a {@code double}, {@code double[]} or {@code double[][]}.
     */
    public Exercise expect(String what, Object expected, Supplier<?> mine, double tolerance) {
        if (failure != null) {
            return this;
        }
        Objects.requireNonNull(expected, "Exercise.expect: the reference for " + what + " is null");
        Outcome answer = answer(what, mine);
        if (answer != null) {
            compare(what, grid(expected), answer.value(), tolerance);
            nameMistake(answer);
        }
        return this;
    }

    /**
     * Passes when the learner's gradient ({@code mine}: as many numbers as {@code x} has, in the same order)
     * agrees with central differences of {@code f} at {@code x}, as {@link GradCheck#function} judges it.
     */
    public Exercise expectGradient(String what, ToDoubleFunction<double[]> f, double[] x, Supplier<?> mine) {
        if (failure != null) {
            return this;
        }
        Objects.requireNonNull(f, "Exercise.expectGradient: f is null");
        Objects.requireNonNull(x, "Exercise.expectGradient: x is null");
        Outcome answer = answer(what, mine);
        if (answer == null) {
            return this;
        }
        double[] flat = Arrays.stream(answer.value()).flatMapToDouble(Arrays::stream).toArray();
        if (flat.length != x.length) {
            failure = what + ": your answer has " + flat.length + " numbers, the gradient has " + x.length;
        } else {
            GradCheckReport report = GradCheck.function(f, ignored -> flat, x);
            if (!report.passed()) {
                ElementCheck worst = report.worst();
                String at = x.length == 1 ? "" : "[" + worst.index() + "]";
                failure = String.format("%s%s: expected %.6g (central differences), got %.6g (relative error %.2g)%s",
                        what, at, worst.numeric(), worst.analytic(), worst.relativeError(),
                        signFlipped(worst.numeric(), worst.analytic()) ? "; the sign is flipped" : "");
            }
        }
        nameMistake(answer);
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
        if (failure == null) {
            comparisons++;
            Objects.requireNonNull(expected, "Exercise.expect: the reference for " + what + " is null");
            compare(what, expected, actual, tolerance);
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

    /** Runs the learner's code once; null (with the failure set) when it threw. Counts one comparison. */
    private Outcome answer(String what, Supplier<?> mine) {
        Objects.requireNonNull(mine, "Exercise.expect: the answer for " + what + " is null");
        comparisons++;
        Outcome answer = Outcome.of(mine);
        if (answer.thrown() instanceof NotWrittenYet) {
            throw new StubReached();
        }
        if (answer.thrown() != null) {
            failure = what + ": your code threw " + threw(answer.thrown());
            nameMistake(answer);
            return null;
        }
        if (answer.value() == null) {
            failure = what + ": your answer is null (not computed yet?)";
            return null;
        }
        return answer;
    }

    private void compare(String what, double[][] expected, double[][] actual, double tolerance) {
        if (actual == null) {
            failure = what + ": your answer is null (not computed yet?)";
            return;
        }
        if (!sameShape(actual, expected)) {
            failure = what + ": shape " + shape(actual) + ", expected " + shape(expected);
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                double err = RelativeError.of(expected[i][j], actual[i][j]);
                if (!(err <= tolerance)) {
                    failure = String.format("%s%s: expected %.6g, got %.6g (relative error %.2g > %.0e)%s", what,
                            index(expected, i, j), expected[i][j], actual[i][j], err, tolerance,
                            signFlipped(expected[i][j], actual[i][j]) ? "; the sign is flipped" : "");
                    return;
                }
            }
        }
    }

    /** After a failed comparison: names the first known mistake that reproduces the learner's answer. */
    private void nameMistake(Outcome answer) {
        if (failure == null || mistake != null) {
            return;
        }
        for (Mistake m : mistakes) {
            if (Outcome.of(m.code()).reproduces(answer)) {
                mistake = m.name();
                return;
            }
        }
    }

    private static String threw(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A double, double[] or double[][] (or a boxed number) as a grid of rows; null stays null. */
    private static double[][] grid(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return new double[][] {{n.doubleValue()}};
        }
        if (value instanceof double[] row) {
            return new double[][] {row.clone()};
        }
        if (value instanceof double[][] rows) {
            double[][] copy = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                copy[i] = rows[i] == null ? new double[0] : rows[i].clone();
            }
            return copy;
        }
        throw new IllegalArgumentException("Exercise: an answer must be a double, double[] or double[][] (call "
                + "toArray() on a Matrix), not a " + value.getClass().getSimpleName());
    }

    private static boolean sameShape(double[][] a, double[][] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                return false;
            }
        }
        return true;
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
