package org.gradflow.check;

/**
 * Thrown by {@link Exercise#check} when an exercise fails or is not written yet, so that the check cell ends
 * with an error that Jupyter front ends, {@code nbconvert --execute}, nbclient and nbgrader all see. Its
 * message is the verdict line: the exercise, which element is wrong, expected vs got, the known mistake the
 * answer reproduces (if one does) and the hint.
 */
public final class ExerciseFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Exercise.Result result;

    ExerciseFailed(Exercise.Result result) {
        super(result.toString(), null, false, false);   // no stack trace: the message is the whole story
        this.result = result;
    }

    /** The verdict that failed. */
    public Exercise.Result result() {
        return result;
    }
}
