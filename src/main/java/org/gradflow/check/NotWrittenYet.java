package org.gradflow.check;

/**
 * What the stub of an exercise throws in the student edition ({@code throw Exercise.notWrittenYet();}): the
 * answer region of the exercise has not been written. {@link Exercise#check} reports it as "exercise 3.1 is
 * not written yet" rather than as a wrong answer.
 */
public final class NotWrittenYet extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotWrittenYet() {
        super("this exercise is not written yet: write your answer here, in place of the line "
                + "\"throw Exercise.notWrittenYet();\"");
    }
}
