package org.gradflow.kernel.wire;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The kernel's own log: one line per event on the process's original standard error (Jupyter shows
 * it in the terminal that started the server), never in a notebook cell.
 */
public final class KernelLog {

    /** The process's standard error itself: cells replace System.err, the log must not follow. */
    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private KernelLog() {
    }

    /** Logs one line. */
    public static void log(String message) {
        ERR.println("[gradflow kernel " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "] " + message);
        ERR.flush();
    }

    /** Logs one line and the stack trace of {@code error}. */
    public static void log(String message, Throwable error) {
        synchronized (ERR) {
            log(message + ": " + error);
            error.printStackTrace(ERR);
        }
    }
}
