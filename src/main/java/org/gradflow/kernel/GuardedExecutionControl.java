package org.gradflow.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs cells in the kernel's JVM on the thread that evaluates them, keeping each value as an object
 * (so the kernel can render it as a picture or a table), and stops a running cell on interrupt:
 * woven checks throw in cell code and {@link Thread#interrupt()} wakes sleeps and waits.
 * On JDKs that still have {@code Thread.stop} (up to 19) a cell stuck in library code that ignores
 * interrupts is stopped that way after a grace period.
 */
final class GuardedExecutionControl extends DirectExecutionControl {

    /** No value was produced by the last invocation. */
    static final Object NO_VALUE = new Object();

    private final SnippetLoader loader;
    private final Object lock = new Object();
    private Thread clientThread;
    /** The thread that last ran cell code (the evaluation thread). */
    private Thread lastClientThread;
    private volatile Object lastValue = NO_VALUE;

    /** The loader of cell classes. */
    SnippetLoader loader() {
        return loader;
    }

    GuardedExecutionControl(SnippetLoader loader) {
        super(loader);
        this.loader = loader;
    }

    /** A provider handing JShell this control. */
    ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "gradflow";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, java.util.Map<String, String> parameters) {
                return GuardedExecutionControl.this;
            }
        };
    }

    /** The value of the last expression evaluated, or {@link #NO_VALUE}; clears it. */
    Object takeValue() {
        Object value = lastValue;
        lastValue = NO_VALUE;
        return value;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = doitMethod.invoke(null);
        return "";
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        try {
            Field field = findClass(className).getDeclaredField(varName);
            field.setAccessible(true);
            lastValue = field.get(null);
            return "";
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("cannot read " + varName + ": " + e);
        }
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (lock) {
            clientThread = Thread.currentThread();
            lastClientThread = clientThread;
            clientThread.setContextClassLoader(loader.classLoader());
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (lock) {
            clientThread = null;
            // An interrupt meant for cell code must not reach JShell's compiler (it closes jar channels).
            Thread.interrupted();
        }
    }

    /** Whether cell code is running now. */
    boolean running() {
        synchronized (lock) {
            return clientThread != null;
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            CellGuard.stopCell(clientThread != null ? clientThread : lastClientThread);
            if (clientThread != null) {
                clientThread.interrupt();
            }
        }
    }

    /**
     * Where the cell's thread is, for a person: its state, the lock it waits for and who holds it,
     * and the frame it is in.
     */
    String describeCellThread() {
        Thread t;
        synchronized (lock) {
            t = clientThread;
        }
        if (t == null) {
            return "its thread has just ended";
        }
        StringBuilder text = new StringBuilder("its thread is ").append(t.getState());
        try {
            java.lang.management.ThreadInfo info = java.lang.management.ManagementFactory.getThreadMXBean()
                    .getThreadInfo(new long[] {t.getId()}, true, false)[0];
            if (info != null && info.getLockName() != null) {
                text.append(" waiting for ").append(info.getLockName());
                if (info.getLockOwnerName() != null) {
                    text.append(" held by thread \"").append(info.getLockOwnerName()).append('"');
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // No management support: the state and frame still say something.
        }
        StackTraceElement[] frames = t.getStackTrace();
        if (frames.length > 0) {
            text.append(" in ").append(frames[0]);
        }
        return text.toString();
    }

    /**
     * Last resort for code that neither reaches a woven check nor honours interrupts: {@code Thread.stop}
     * where the JDK still has it. Returns whether it was attempted.
     */
    @SuppressWarnings({"deprecation", "removal"})
    boolean forceStop() {
        synchronized (lock) {
            if (clientThread == null || Runtime.version().feature() >= 20) {
                return false;
            }
            try {
                clientThread.stop();
                return true;
            } catch (UnsupportedOperationException e) {
                return false;
            }
        }
    }
}
