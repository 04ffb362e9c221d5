package org.gradflow.kernel;

import java.util.List;

/**
 * An error to show under a cell: Jupyter's {@code ename}, {@code evalue} and traceback lines
 * (the first line names the error; ANSI colours allowed).
 *
 * @param ename     the kind of error, e.g. {@code CompileError} or {@code java.lang.ArithmeticException}
 * @param evalue    its one-line message
 * @param traceback the lines to show
 */
public record CellError(String ename, String evalue, List<String> traceback) {

    /** Copies the traceback. */
    public CellError {
        traceback = List.copyOf(traceback);
    }

    /** An error shown as one line, {@code label: message}, the label in bold red. */
    public static CellError of(String ename, String label, String message) {
        return new CellError(ename, message, List.of("\u001b[1;31m" + label + "\u001b[0m: " + message));
    }

    /** The traceback as one text. */
    @Override
    public String toString() {
        return String.join("\n", traceback);
    }
}
