package org.gradflow.kernel;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gradflow.kernel.wire.KernelLog;

/**
 * Holds back JShell's index of every class on the class path until the first completion request. JShell
 * builds the index on a background thread as soon as its source code analysis exists (the kernel needs
 * that at once, to split cells), opening every jar and walking the JDK's module image: 0.17-0.26
 * CPU-seconds in every kernel, most of it before the first result. Only completion reads the index (the
 * names of packages); a student who never presses Tab never pays for it.
 *
 * <p>JShell's indexer is one thread shared by the JVM ({@code SourceCodeAnalysisImpl.INDEXER}), reached
 * by reflection (the kernel's JVM runs with {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}); a
 * task that waits for the gate goes in front of the index's. Without that access the index is built at
 * once, as JShell does by itself.
 */
final class ClassIndexGate {

    /** How long the first completion waits for the index, so that it already lists packages. */
    static final long FIRST_WAIT_MS = 1000;

    private static final CountDownLatch OPEN = new CountDownLatch(1);
    private static ExecutorService indexer;

    private ClassIndexGate() {
    }

    /**
     * Puts the gate in front of the indexing that JShell starts when its source code analysis is made: call
     * before {@code JShell.sourceCodeAnalysis()}. Once per JVM; later calls do nothing.
     */
    static synchronized void close() {
        if (indexer != null || OPEN.getCount() == 0) {
            return;
        }
        try {
            Class<?> analysis = Class.forName("jdk.jshell.SourceCodeAnalysisImpl");
            Field field = analysis.getDeclaredField("INDEXER");
            field.setAccessible(true);
            ExecutorService executor = (ExecutorService) field.get(null);
            executor.submit(() -> {
                OPEN.await();
                return null;
            });
            indexer = executor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            OPEN.countDown();
            KernelLog.log("JShell's class index is built at start (" + e + ")");
        }
    }

    /**
     * Lets the index be built. On the first call, when {@code waitForIndex}, waits up to {@value #FIRST_WAIT_MS}
     * ms for it, so that the first completion lists packages too (never while a cell runs: a completion then
     * answers at once, and it may be asked on the control channel, which must always answer).
     */
    static void open(boolean waitForIndex) {
        ExecutorService executor;
        synchronized (ClassIndexGate.class) {
            if (OPEN.getCount() == 0) {
                return;
            }
            OPEN.countDown();
            executor = indexer;
        }
        if (executor == null) {
            return;
        }
        // The indexer runs its tasks in order: this one runs when the index is built.
        Future<?> built = executor.submit(ClassIndexGate::dropClassNames);
        if (!waitForIndex) {
            return;
        }
        try {
            built.get(FIRST_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still indexing: this completion lists no packages, later ones do.
        }
    }

    /**
     * Empties the index's table from simple class names to qualified ones, which only JShell's own tool
     * reads (to suggest an import); completion reads the index's packages. The table of every class on
     * the class path and in the JDK took about 25 MB of resident memory.
     */
    private static void dropClassNames() {
        try {
            Class<?> analysis = Class.forName("jdk.jshell.SourceCodeAnalysisImpl");
            Field indexes = analysis.getDeclaredField("PATH_TO_INDEX");
            indexes.setAccessible(true);
            Class<?> index = Class.forName("jdk.jshell.SourceCodeAnalysisImpl$ClassIndex");
            Field names = index.getDeclaredField("classSimpleName2FQN");
            names.setAccessible(true);
            for (Object each : ((Map<?, ?>) indexes.get(null)).values()) {
                ((Map<?, ?>) names.get(each)).clear();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("JShell's class index keeps its table of class names (" + e + ")");
        }
    }

    /** Whether the index may be built (it has been asked for, or the gate could not be closed). */
    static boolean isOpen() {
        return OPEN.getCount() == 0;
    }
}
