package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bytecode rewriting applied to cell code, on a compiled fixture class. */
class SnippetInstrumenterTest {

    /** Code as a student might write it; rewritten and loaded by the tests. */
    public static final class Fixture {
        public static long spin() {
            long n = 0;
            while (n >= 0) {
                n = (n + 1) % 1000;
            }
            return n;
        }

        public static int sum(int upTo) {
            int total = 0;
            for (int i = 1; i <= upTo; i++) {
                total += i;
            }
            return total;
        }

        public static void quit() {
            System.exit(4);
        }

        public static void halt() {
            Runtime.getRuntime().halt(9);
        }
    }

    @AfterEach
    void reset() {
        CellGuard.reset();
    }

    private static byte[] fixtureBytes() throws IOException {
        return RewrittenClass.bytesOf(Fixture.class);
    }

    private static Class<?> rewritten() throws IOException, ClassNotFoundException {
        return load(SnippetInstrumenter.instrument(fixtureBytes()));
    }

    private static Class<?> load(byte[] bytes) throws ClassNotFoundException {
        return RewrittenClass.define(Fixture.class, bytes);
    }

    private static Throwable invokeFailure(Method method) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> method.invoke(null));
        return e.getCause();
    }

    @Test
    void theAgentRewritesGradflowLibraryCodeButNotTheKernelMatricesOrPictures() throws Exception {
        var transformer = LibraryGuardAgent.transformer(false);
        assertEquals(null, transformer.transform(null, "org/gradflow/kernel/Evaluator", null, null, fixtureBytes()));
        assertEquals(null, transformer.transform(null, "org/gradflow/tensor/Matrix", null, null, fixtureBytes()));
        assertEquals(null, transformer.transform(null, "org/gradflow/viz/Svg", null, null, fixtureBytes()));
        assertEquals(null, transformer.transform(null, "java/util/ArrayList", null, null, fixtureBytes()));
        byte[] woven = transformer.transform(null, "org/gradflow/train/Trainer", null, null, fixtureBytes());
        Method spin = load(woven).getMethod("spin");
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                spin.invoke(null);
                return null;
            } catch (ReflectiveOperationException e) {
                return e.getCause();
            }
        });
        Thread.sleep(100);
        CellGuard.stopAll();
        assertTrue(outcome.get(2, TimeUnit.SECONDS) instanceof CellGuard.CellInterruptedError);
    }

    @Test
    void rewrittenCodeComputesTheSame() throws Exception {
        assertEquals(5050, rewritten().getMethod("sum", int.class).invoke(null, 100));
    }

    @Test
    void exitAndHaltThrowInsteadOfEndingTheJvm() throws Exception {
        Class<?> fixture = rewritten();
        Throwable exit = invokeFailure(fixture.getMethod("quit"));
        assertTrue(exit instanceof CellGuard.ExitAttemptError);
        assertTrue(exit.getMessage().startsWith("System.exit(4)"), exit.getMessage());
        Throwable halt = invokeFailure(fixture.getMethod("halt"));
        assertTrue(halt.getMessage().startsWith("Runtime.halt(9)"), halt.getMessage());
    }

    @Test
    void aLoopStopsWhenTheGuardIsTripped() throws Exception {
        Method spin = rewritten().getMethod("spin");
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                spin.invoke(null);
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            } catch (IllegalAccessException e) {
                return e;
            }
        });
        Thread.sleep(100);
        assertTrue(!outcome.isDone(), "the loop should still be spinning");
        CellGuard.stopAll();
        Throwable stopped = outcome.get(2, TimeUnit.SECONDS);
        assertTrue(stopped instanceof CellGuard.CellInterruptedError, String.valueOf(stopped));
    }

    @Test
    void anInterruptStopsTheCellsThreadButNotABackgroundThreadItStarted() throws Exception {
        Method spin = rewritten().getMethod("spin");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Throwable> cell = pool.submit(() -> spinUntilStopped(spin));
            java.util.concurrent.Future<Throwable> background = pool.submit(() -> spinUntilStopped(spin));
            Thread.sleep(100);
            Thread cellThread = threadRunning(pool);
            CellGuard.stopCell(cellThread);
            Throwable stopped = cell.isDone() ? cell.get() : null;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (!cell.isDone() && !background.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(cell.isDone() != background.isDone(), "exactly one of the two loops stops");
            Thread.sleep(100);
            assertTrue(cell.isDone() != background.isDone(), "the other keeps running");
            assertTrue((cell.isDone() ? cell.get() : background.get()) instanceof CellGuard.CellInterruptedError,
                    String.valueOf(stopped));
            assertEquals(cellThread, STOPPED_THREAD.get());
        } finally {
            CellGuard.stopAll();
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, TimeUnit.SECONDS));
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<Thread> STOPPED_THREAD =
            new java.util.concurrent.atomic.AtomicReference<>();
    private static final java.util.Set<Thread> SPINNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static Throwable spinUntilStopped(Method spin) {
        SPINNING.add(Thread.currentThread());
        try {
            spin.invoke(null);
            return null;
        } catch (InvocationTargetException e) {
            STOPPED_THREAD.set(Thread.currentThread());
            return e.getCause();
        } catch (IllegalAccessException e) {
            return e;
        } finally {
            SPINNING.remove(Thread.currentThread());
        }
    }

    private static Thread threadRunning(java.util.concurrent.ExecutorService pool) {
        return SPINNING.iterator().next();
    }
}
