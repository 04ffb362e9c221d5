package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batching cell output into stream messages. */
class OutputPublisherTest {

    @Test
    void textIsSentWhenPublishedNotOnEveryWrite() {
        List<String> sent = new ArrayList<>();
        OutputPublisher out = new OutputPublisher("stdout", (name, text) -> sent.add(name + ":" + text));
        out.write("a\n".getBytes(StandardCharsets.UTF_8), 0, 2);
        out.write('b');
        assertEquals(List.of(), sent);
        out.publish();
        out.publish();
        assertEquals(List.of("stdout:a\nb"), sent);
    }

    @Test
    void aCharacterSplitAcrossWritesIsSentWhole() {
        List<String> sent = new ArrayList<>();
        OutputPublisher out = new OutputPublisher("stdout", (name, text) -> sent.add(text));
        byte[] delta = "Δ€😀".getBytes(StandardCharsets.UTF_8);
        out.write(delta, 0, 3);
        out.publish();
        out.write(delta, 3, delta.length - 3);
        out.publish();
        assertEquals(List.of("Δ", "€😀"), sent);
    }

    @Test
    void largeOutputIsSentWithoutWaiting() {
        List<String> sent = new ArrayList<>();
        OutputPublisher out = new OutputPublisher("stderr", (name, text) -> sent.add(text));
        byte[] block = new byte[OutputPublisher.MAX_BUFFER];
        java.util.Arrays.fill(block, (byte) 'x');
        out.write(block, 0, block.length);
        assertEquals(1, sent.size());
        assertEquals(OutputPublisher.MAX_BUFFER, sent.get(0).length());
    }
}
