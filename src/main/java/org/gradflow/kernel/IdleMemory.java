package org.gradflow.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.gradflow.kernel.wire.KernelLog;

/**
 * Gives memory back to the system once the kernel has been idle a while: one full collection with the
 * heap's free-space ratios lowered for that collection alone, so that the heap shrinks to just above the
 * live data; then the JVM's own ratios again, so that work grows the heap freely (a tight heap under work
 * costs full collection after full collection). G1, kernel/run's collector, shrinks the heap in that one
 * collection.
 */
final class IdleMemory {

    /** How long the kernel stays idle before it gives memory back, in milliseconds. */
    static final long IDLE_MS = 5000;
    /** The most free space, in percent of the heap, left after the idle collection. */
    static final String TIGHT_MAX_FREE = "10";

    private final ScheduledExecutorService timer;
    private final BooleanSupplier busy;
    private final long idleMs;
    private final Runnable giveBack;
    private ScheduledFuture<?> pending;

    /**
     * Runs {@code giveBack} (the kernel: {@link #collectTight()}) on {@code timer}'s thread {@code idleMs}
     * after the last {@link #workDone()}, unless {@code busy} says work runs then.
     */
    IdleMemory(ScheduledExecutorService timer, BooleanSupplier busy, long idleMs, Runnable giveBack) {
        this.timer = timer;
        this.busy = busy;
        this.idleMs = idleMs;
        this.giveBack = giveBack;
    }

    /** Work has just ended: the idle time starts again, and memory goes back once it has passed. */
    synchronized void workDone() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = timer.schedule(() -> {
            if (!busy.getAsBoolean()) {
                giveBack.run();
            }
        }, idleMs, TimeUnit.MILLISECONDS);
    }

    /**
     * One full collection that shrinks the heap to {@value #TIGHT_MAX_FREE}% above the live data, with the
     * ratios of the command line before and after it.
     */
    static void collectTight() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            // MinHeapFreeRatio <= MaxHeapFreeRatio at every step: lower the minimum first, raise it last.
            vm.setVMOption("MinHeapFreeRatio", "0");
            vm.setVMOption("MaxHeapFreeRatio", TIGHT_MAX_FREE);
            System.gc();
        } catch (IllegalArgumentException e) {
            KernelLog.log("could not give memory back: " + e.getMessage());
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
    }
}
