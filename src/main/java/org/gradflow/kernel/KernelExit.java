package org.gradflow.kernel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gradflow.kernel.wire.KernelLog;

/**
 * How the kernel process ends: it ends the processes its cells started, then halts (the only way out
 * that {@link ExitGate} lets through). It also watches the process that launched it, as ipykernel's
 * parent poller does, and ends when that process is gone, so a kernel never outlives its front end as
 * an orphan.
 */
final class KernelExit {

    /** How often the launching process is checked, in milliseconds. */
    static final long PARENT_POLL_MS = 1000;
    /** How long processes started by cells get to end after SIGTERM before they are killed. */
    static final long DESCENDANTS_GRACE_MS = 1000;

    private KernelExit() {
    }

    /**
     * Ends the processes cells started and halts the JVM with {@code status}, after one log line
     * naming {@code reason}. Never returns.
     */
    static void exit(int status, String reason) {
        try {
            KernelLog.log(reason);
            endDescendants();
        } catch (RuntimeException | Error e) {
            KernelLog.log("while exiting", e);
        } finally {
            ExitGate.permit();
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * Ends every process the kernel started (and theirs): SIGTERM first, then SIGKILL for those still
     * running after {@value #DESCENDANTS_GRACE_MS} ms. Returns how many there were.
     */
    static int endDescendants() {
        List<ProcessHandle> all = ProcessHandle.current().descendants().collect(Collectors.toList());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DESCENDANTS_GRACE_MS);
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // Still running: killed below.
                }
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        return all.size();
    }

    /**
     * Starts a daemon thread that exits the kernel when the process that launched it ends (or the kernel
     * is handed to another parent, which is what happens to an orphan).
     */
    static void watchParent() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty() || parent.get().pid() <= 1) {
            KernelLog.log("no launching process to watch");
            return;
        }
        ProcessHandle launcher = parent.get();
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(PARENT_POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (!launcher.isAlive() || now != launcher.pid()) {
                    exit(0, "the launching process " + launcher.pid() + " is gone; the kernel exits");
                }
            }
        }, "gradflow-parent");
        watcher.setDaemon(true);
        watcher.start();
    }
}
