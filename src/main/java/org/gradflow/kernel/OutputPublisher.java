package org.gradflow.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Standard output or error of cells, sent to the notebook as {@code stream} messages. Text is gathered
 * and sent every {@value #FLUSH_MS} ms by the kernel's flusher (or at once past {@value #MAX_BUFFER}
 * bytes, and at the end of each cell), so a loop printing thousands of lines does not flood the
 * front end. A UTF-8 character split across writes is kept whole.
 */
final class OutputPublisher extends OutputStream {

    /** How often buffered text is sent, in milliseconds. */
    static final long FLUSH_MS = 50;
    /** Buffered bytes that trigger sending at once. */
    static final int MAX_BUFFER = 64 * 1024;

    private final String name;
    private final BiConsumer<String, String> send;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /** A stream named {@code stdout} or {@code stderr}; {@code send} receives (name, text). */
    OutputPublisher(String name, BiConsumer<String, String> send) {
        this.name = name;
        this.send = send;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
        if (buffer.size() >= MAX_BUFFER) {
            publish();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
        if (buffer.size() >= MAX_BUFFER) {
            publish();
        }
    }

    /** Does nothing: PrintStream flushes after every line, and sending is batched. */
    @Override
    public void flush() {
    }

    /** Sends what is buffered, up to the last complete character. */
    synchronized void publish() {
        if (buffer.size() == 0) {
            return;
        }
        byte[] bytes = buffer.toByteArray();
        int complete = completeLength(bytes);
        buffer.reset();
        buffer.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            send.accept(name, new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    /** The length of the longest prefix that does not end inside a UTF-8 sequence. */
    static int completeLength(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
