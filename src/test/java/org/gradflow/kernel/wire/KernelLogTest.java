package org.gradflow.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernel log describes an error on one line. */
class KernelLogTest {

    @Test
    void anErrorIsSummarisedOnOneLineWithItsFirstFrame() {
        Throwable error = new IllegalStateException("bad\nthing");
        error.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.example.A", "run", "A.java", 12),
            new StackTraceElement("org.example.B", "call", "B.java", 3),
        });
        assertEquals("java.lang.IllegalStateException: bad\nthing at org.example.A.run(A.java:12)",
                KernelLog.summary(error));
    }

    @Test
    void anErrorWhoseMessageFailsIsStillSummarised() {
        Throwable error = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message");
            }
        };
        error.setStackTrace(new StackTraceElement[0]);
        assertTrue(KernelLog.summary(error).startsWith("org.gradflow.kernel.wire.KernelLogTest$"), KernelLog.summary(error));
    }
}
