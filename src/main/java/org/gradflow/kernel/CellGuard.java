package org.gradflow.kernel;

/**
 * The hooks that the kernel weaves into cell code as it is loaded (see {@link SnippetInstrumenter}):
 * an interrupt check at every method entry and loop back-edge, and replacements for
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} that throw instead of ending
 * the kernel. Public only because woven code calls it; cells have no reason to.
 */
public final class CellGuard {

    private static volatile boolean stopping;

    private CellGuard() {
    }

    /** Thrown into cell code when the user interrupts the kernel. */
    public static final class CellInterruptedError extends Error {
        private static final long serialVersionUID = 1L;

        CellInterruptedError() {
            super("the cell was interrupted");
        }
    }

    /** Thrown in place of ending the JVM. */
    public static final class ExitAttemptError extends Error {
        private static final long serialVersionUID = 1L;

        ExitAttemptError(String call, int status) {
            super(call + "(" + status + ") would end the kernel; it was stopped instead and every definition is kept");
        }
    }

    /** Woven at loop back-edges and method entries: throws once an interrupt was requested. */
    public static void poll() {
        if (stopping) {
            throw new CellInterruptedError();
        }
    }

    /** Replaces {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw new ExitAttemptError("System.exit", status);
    }

    /** Replaces {@code runtime.exit(status)} in cell code. */
    public static void exit(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.exit", status);
    }

    /** Replaces {@code runtime.halt(status)} in cell code. */
    public static void halt(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.halt", status);
    }

    /** Whether an interrupt is pending. */
    static boolean stopping() {
        return stopping;
    }

    /** Makes every woven check throw until {@link #reset()}. */
    static void stopAll() {
        stopping = true;
    }

    /** Lets cell code run again (at the start of each cell). */
    static void reset() {
        stopping = false;
    }
}
