package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate the agent puts in front of the JVM's exit paths, tried on a stand-in class. */
class ExitGateTest {

    /** Stands in for java.lang.Shutdown: records the statuses that got through. */
    public static final class FakeShutdown {
        public static final List<Integer> EXITED = new ArrayList<>();

        static void exit(int status) {
            EXITED.add(status);
        }

        static void halt(int status) {
            EXITED.add(-status);
        }

        static void other(int status) {
            EXITED.add(1000 + status);
        }
    }

    @AfterEach
    void removeGates() {
        System.getProperties().remove(ExitGate.EXIT);
        System.getProperties().remove(ExitGate.HALT);
        FakeShutdown.EXITED.clear();
    }

    private static Class<?> rewritten() throws IOException, ClassNotFoundException {
        return RewrittenClass.of(FakeShutdown.class, ExitGate::rewrite);
    }

    private static Throwable failure(Method m, int status) {
        m.setAccessible(true);
        return assertThrows(InvocationTargetException.class, () -> m.invoke(null, status)).getCause();
    }

    @Test
    void exitAndHaltAskTheGateFirstAndOtherMethodsDoNot() throws Exception {
        List<Integer> asked = new ArrayList<>();
        System.getProperties().put(ExitGate.EXIT, (IntConsumer) asked::add);
        System.getProperties().put(ExitGate.HALT, (IntConsumer) s -> asked.add(100 + s));
        Class<?> fake = rewritten();
        for (String name : new String[] {"exit", "halt", "other"}) {
            Method m = fake.getDeclaredMethod(name, int.class);
            m.setAccessible(true);
            m.invoke(null, 3);
        }
        assertEquals(List.of(3, 103), asked);
    }

    @Test
    void aClosedGateStopsTheExitWithTheCellError() throws Exception {
        System.getProperties().put(ExitGate.EXIT, ExitGate.gate("System.exit / Runtime.exit", true));
        System.getProperties().put(ExitGate.HALT, ExitGate.gate("Runtime.halt", true));
        Class<?> fake = rewritten();
        Throwable exit = failure(fake.getDeclaredMethod("exit", int.class), 4);
        assertTrue(exit instanceof CellGuard.ExitAttemptError, String.valueOf(exit));
        assertTrue(exit.getMessage().startsWith("System.exit / Runtime.exit(4) would end the kernel"), exit.getMessage());
        Throwable halt = failure(fake.getDeclaredMethod("halt", int.class), 9);
        assertTrue(halt.getMessage().startsWith("Runtime.halt(9)"), halt.getMessage());
        // Nothing got through the gate.
        assertEquals(List.of(), fieldOf(fake));
    }

    @Test
    void onlyTheJvmsSignalHandlerThreadsCountAsSignalsFromOutside() throws Exception {
        assertFalse(ExitGate.signalHandler(Thread.currentThread()));
        Thread named = new Thread(() -> { }, "SIGTERM handler");
        assertFalse(ExitGate.signalHandler(named), "a thread of the main group named like a handler");
        ThreadGroup system = Thread.currentThread().getThreadGroup();
        while (system.getParent() != null) {
            system = system.getParent();
        }
        assertTrue(ExitGate.signalHandler(new Thread(system, () -> { }, "SIGTERM handler")));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> fieldOf(Class<?> fake) throws ReflectiveOperationException {
        return (List<Integer>) fake.getField("EXITED").get(null);
    }
}
