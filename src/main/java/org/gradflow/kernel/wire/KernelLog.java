package org.gradflow.kernel.wire;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The kernel's own log: one line per event on the process's original standard error (Jupyter shows
 * it in the terminal that started the server), never in a notebook cell. An error is summarised on the
 * same line (its class, message and the frame that threw), never as a stack trace: a hostile message
 * must not be able to flood the log.
 */
public final class KernelLog {

    /** The longest line written; longer messages are cut. */
    static final int MAX_LINE = 600;

    /** The process's standard error itself: cells replace System.err, the log must not follow. */
    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private KernelLog() {
    }

    /** Logs one line (line breaks in {@code message} become spaces; at most {@value #MAX_LINE} characters). */
    public static void log(String message) {
        String line = "[gradflow kernel " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "] " + message;
        line = line.replaceAll("[\\r\\n]+", " ");
        if (line.length() > MAX_LINE) {
            line = line.substring(0, MAX_LINE) + "...";
        }
        synchronized (ERR) {
            ERR.println(line);
            ERR.flush();
        }
    }

    /** Logs one line: {@code message}, then what {@code error} is and where it was thrown. */
    public static void log(String message, Throwable error) {
        log(message + ": " + summary(error));
    }

    /** One line describing an error: class, message and the first frame, e.g. for a log or a cell. */
    public static String summary(Throwable error) {
        String text;
        try {
            text = String.valueOf(error);
        } catch (RuntimeException | StackOverflowError e) {
            text = error.getClass().getName();
        }
        StackTraceElement[] frames = error.getStackTrace();
        return frames.length == 0 ? text : text + " at " + frames[0];
    }
}
