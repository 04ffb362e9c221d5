package org.gradflow.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The hooks that the kernel weaves into cell code as it is loaded (see {@link SnippetInstrumenter}):
 * an interrupt check at every method entry and loop back-edge, and replacements for
 * {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} that throw instead of ending
 * the kernel. Public only because woven code calls it; cells have no reason to.
 */
public final class CellGuard {

    private static volatile boolean stopping;
    /** The thread an interrupt stops (with the common pool's workers, which run a cell's parallel streams); null for all. */
    private static volatile Thread target;

    private static final int ACCEPT_SLICE_MS = 100;
    /** Processes cell code started during the current cell. */
    private static final List<Process> STARTED = new ArrayList<>();

    private CellGuard() {
    }

    /** Thrown into cell code when the user interrupts the kernel. */
    public static final class CellInterruptedError extends Error {
        private static final long serialVersionUID = 1L;

        CellInterruptedError() {
            super("the cell was interrupted");
        }
    }

    /** Thrown in place of ending the JVM. */
    public static final class ExitAttemptError extends Error {
        private static final long serialVersionUID = 1L;

        ExitAttemptError(String call, int status) {
            super(call + "(" + status + ") would end the kernel; it was stopped instead and every definition is kept");
        }
    }

    /** Woven at loop back-edges and method entries: throws once an interrupt was requested. */
    public static void poll() {
        if (stopping && stops(Thread.currentThread())) {
            throw new CellInterruptedError();
        }
    }

    /**
     * Whether an interrupt stops code on {@code thread}: the interrupted cell's thread and the common
     * pool's workers, never a background thread a cell started.
     */
    static boolean stops(Thread thread) {
        Thread stopped = target;
        return stopped == null || thread == stopped || thread instanceof java.util.concurrent.ForkJoinWorkerThread;
    }

    /**
     * Replaces {@code serverSocket.accept()} in cell code: waits in short slices, so that an interrupt
     * ends the wait; the socket's own timeout still applies.
     */
    public static java.net.Socket accept(java.net.ServerSocket serverSocket) throws java.io.IOException {
        int timeout = serverSocket.getSoTimeout();
        long deadline = timeout == 0 ? Long.MAX_VALUE : System.nanoTime() + timeout * 1_000_000L;
        try {
            while (true) {
                poll();
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new java.net.SocketTimeoutException("Accept timed out");
                }
                serverSocket.setSoTimeout((int) Math.max(1, Math.min(ACCEPT_SLICE_MS, left)));
                try {
                    return serverSocket.accept();
                } catch (java.net.SocketTimeoutException e) {
                    // Look at the interrupt again.
                }
            }
        } finally {
            if (!serverSocket.isClosed()) {
                serverSocket.setSoTimeout(timeout);
            }
        }
    }

    /** Replaces {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw new ExitAttemptError("System.exit", status);
    }

    /** Replaces {@code runtime.exit(status)} in cell code. */
    public static void exit(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.exit", status);
    }

    /** Replaces {@code runtime.halt(status)} in cell code. */
    public static void halt(Runtime runtime, int status) {
        throw new ExitAttemptError("Runtime.halt", status);
    }

    /**
     * Replaces {@code processBuilder.start()} in cell code: the process is remembered, so that an
     * interrupt of a cell stuck waiting for it (reading its output, {@code waitFor}) can end it.
     */
    public static Process start(ProcessBuilder processBuilder) throws java.io.IOException {
        return started(processBuilder.start());
    }

    /** Replaces {@code runtime.exec(command)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String command) throws java.io.IOException {
        return exec(runtime, new java.util.StringTokenizer(command), null, null);
    }

    /** Replaces {@code runtime.exec(command, env)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String command, String[] env) throws java.io.IOException {
        return exec(runtime, new java.util.StringTokenizer(command), env, null);
    }

    /** Replaces {@code runtime.exec(command, env, dir)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String command, String[] env, java.io.File dir)
            throws java.io.IOException {
        return exec(runtime, new java.util.StringTokenizer(command), env, dir);
    }

    /** Replaces {@code runtime.exec(command)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String[] command) throws java.io.IOException {
        return started(runtime.exec(command));
    }

    /** Replaces {@code runtime.exec(command, env)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String[] command, String[] env) throws java.io.IOException {
        return started(runtime.exec(command, env));
    }

    /** Replaces {@code runtime.exec(command, env, dir)} in cell code (see {@link #start}). */
    public static Process exec(Runtime runtime, String[] command, String[] env, java.io.File dir)
            throws java.io.IOException {
        return started(runtime.exec(command, env, dir));
    }

    private static Process exec(Runtime runtime, java.util.StringTokenizer words, String[] env, java.io.File dir)
            throws java.io.IOException {
        String[] command = new String[words.countTokens()];
        for (int i = 0; words.hasMoreTokens(); i++) {
            command[i] = words.nextToken();
        }
        return started(runtime.exec(command, env, dir));
    }

    private static Process started(Process process) {
        synchronized (STARTED) {
            STARTED.removeIf(p -> !p.isAlive());
            STARTED.add(process);
        }
        return process;
    }

    /**
     * Ends (forcibly, with what they started) the processes that cell code started and that still run;
     * returns how many. The kernel calls it when an interrupted cell has not ended.
     */
    static int endStartedProcesses() {
        List<Process> alive = new ArrayList<>();
        synchronized (STARTED) {
            for (Process p : STARTED) {
                if (p.isAlive()) {
                    alive.add(p);
                }
            }
            STARTED.clear();
        }
        for (Process p : alive) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return alive.size();
    }

    /** Forgets the processes started so far (each cell's interrupt ends only the processes it started). */
    static void forgetStartedProcesses() {
        synchronized (STARTED) {
            STARTED.clear();
        }
    }

    /** Whether an interrupt is pending. */
    static boolean stopping() {
        return stopping;
    }

    /** Makes every woven check throw, on every thread, until {@link #reset()}. */
    static void stopAll() {
        stopCell(null);
    }

    /** Makes woven checks on {@code cell} (see {@link #stops}) throw until {@link #reset()}. */
    static void stopCell(Thread cell) {
        target = cell;
        stopping = true;
    }

    /** Lets cell code run again (at the start of each cell). */
    static void reset() {
        stopping = false;
    }
}
