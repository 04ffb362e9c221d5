package org.gradflow.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Standard input of cells: when a cell reads and the front end allows input, the kernel asks it for a
 * line ({@code input_request}); otherwise reading gives end of input.
 */
final class CellInput extends InputStream {

    private final Supplier<String> askLine;
    private byte[] line = new byte[0];
    private int next;

    /** {@code askLine} returns the next line typed by the user, or null for end of input. */
    CellInput(Supplier<String> askLine) {
        this.askLine = askLine;
    }

    @Override
    public synchronized int read() throws IOException {
        if (next >= line.length && !fill()) {
            return -1;
        }
        return line[next++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (next >= line.length && !fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - next);
        System.arraycopy(line, next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - next;
    }

    private boolean fill() {
        String text = askLine.get();
        if (text == null) {
            return false;
        }
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        next = 0;
        return true;
    }
}
