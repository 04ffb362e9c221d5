package org.gradflow.kernel;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's {@code System.out}, {@code System.err} and {@code System.in} for cells. Closing the
 * kernel's output streams only flushes them (later output still reaches the notebook); a cell that
 * replaces a stream with {@code System.setOut}, {@code setErr} or {@code setIn} has it for the rest of
 * that cell, and the next cell gets the kernel's stream back, with a note saying so.
 */
final class CellStreams {

    private static volatile PrintStream out;
    private static volatile PrintStream err;
    private static volatile InputStream in;

    private CellStreams() {
    }

    /** A print stream over {@code target} that a cell cannot close: {@code close()} only flushes. */
    static PrintStream keptOpen(OutputStream target) {
        return new PrintStream(target, true, StandardCharsets.UTF_8) {
            @Override
            public void close() {
                flush();
            }
        };
    }

    /** Makes these the streams of cells, and the ones {@link #restore()} brings back. */
    static void install(OutputStream stdout, OutputStream stderr, InputStream stdin) {
        out = keptOpen(stdout);
        err = keptOpen(stderr);
        in = stdin;
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
    }

    /**
     * Puts back any stream an earlier cell replaced and, if one was, says which on the kernel's standard
     * error (so the note shows in the cell about to run). Does nothing before {@link #install}.
     */
    static void restore() {
        if (out == null) {
            return;
        }
        List<String> replaced = new ArrayList<>();
        if (System.out != out) {
            System.setOut(out);
            replaced.add("System.out");
        }
        if (System.err != err) {
            System.setErr(err);
            replaced.add("System.err");
        }
        if (System.in != in) {
            System.setIn(in);
            replaced.add("System.in");
        }
        if (!replaced.isEmpty()) {
            err.println("(an earlier cell replaced " + String.join(", ", replaced)
                    + "; this cell has the kernel's stream" + (replaced.size() > 1 ? "s" : "") + " again)");
        }
    }
}
