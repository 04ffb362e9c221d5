package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress bar's state and drawings (outside a kernel). */
class ProgressTest {

    @Test
    void stepsAreCountedClampedAndDrawn() {
        Progress bar = new Progress("epochs", 4);
        bar.step().step("loss 0.5");
        assertEquals(2, bar.done());
        assertTrue(bar.toString().startsWith("epochs [" + "#".repeat(15) + ".".repeat(15) + "] 2/4 (50%)"), bar.toString());
        assertTrue(bar.toString().endsWith(", loss 0.5"));
        assertTrue(bar.toHtml().contains("<progress value=\"2\" max=\"4\""), bar.toHtml());
        bar.update(99);
        assertEquals(4, bar.done());
        assertThrows(IllegalArgumentException.class, () -> new Progress("x", 0));
    }

    @Test
    void notesAreEscapedInHtml() {
        assertTrue(new Progress("a<b", 1).step("x & y").toHtml().contains("a&lt;b"));
    }
}
