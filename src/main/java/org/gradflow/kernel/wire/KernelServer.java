package org.gradflow.kernel.wire;

import com.google.gson.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The five Jupyter sockets, bound only to the connection file's address, and the loops serving them:
 * heartbeat echo, control (served while a cell runs) and shell (one request at a time).
 * A message with a wrong or missing signature, or that is not a message at all, is logged and dropped;
 * the socket keeps serving everyone else.
 */
public final class KernelServer implements AutoCloseable {

    /** Handles one request; replies through the server. */
    @FunctionalInterface
    public interface Handler {
        /** Handles {@code request}, which came on {@code channel}. */
        void handle(Channel channel, Message request) throws Exception;
    }

    /** The two request channels. */
    public enum Channel { SHELL, CONTROL }

    private static final int POLL_MS = 200;
    private static final int INPUT_POLL_MS = 50;
    /** The largest message the shell and control sockets accept (a cell's code, a request). */
    static final long MAX_REQUEST_BYTES = 16L << 20;
    /** The largest message the stdin socket accepts (a line typed by the user). */
    static final long MAX_INPUT_BYTES = 1L << 20;
    /** The largest message the heartbeat accepts, and the largest subscription IOPub accepts. */
    static final long MAX_SMALL_BYTES = 64L << 10;
    /**
     * Messages ZeroMQ queues per peer before it drops (ROUTER: replies to a peer that does not read; PUB:
     * output for a subscriber that does not read). Bounds the memory a peer that never reads can cost.
     */
    static final int SEND_HWM = 1000;
    /** The most frames one message may have (identities, delimiter, signature, 4 JSON frames, buffers). */
    static final int MAX_FRAMES = 256;
    /** Bytes of IOPub messages waiting for the IOPub thread; a cell producing more waits for room. */
    static final long OUTBOX_BYTES = 8L << 20;
    /**
     * The rate IOPub sends at when a cell floods it, in bytes per second: a front end that reads keeps
     * up and loses nothing (a subscriber that never reads loses what exceeds {@link #SEND_HWM}).
     */
    static final long IOPUB_BYTES_PER_SECOND = 32L << 20;
    /** How far ahead of the rate IOPub may run (a burst), in nanoseconds. */
    private static final long IOPUB_BURST_NANOS = 250_000_000L;
    private static final long PACING_LOG_EVERY_NANOS = 30_000_000_000L;
    private static final List<byte[]> STOP = new ArrayList<>();

    private final ZContext context = new ZContext(1);
    private final WireCodec codec;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket heartbeat;
    private final List<Thread> threads = new ArrayList<>();
    /** Encoded IOPub messages waiting to be sent, at most {@link #OUTBOX_BYTES} (guarded by itself). */
    private final ArrayDeque<List<byte[]>> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private long lastPacingLog = System.nanoTime() - PACING_LOG_EVERY_NANOS;
    /** What happens when a channel thread dies anyway: by default the process ends (see {@link #onThreadDeath}). */
    private volatile Runnable threadDeath = () -> Runtime.getRuntime().halt(70);
    private final ExecutorService stdinThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gradflow-stdin");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private final boolean ipv6;

    /** Binds every socket of {@code connection}. */
    public KernelServer(ConnectionFile connection) {
        this.codec = new WireCodec(new Signer(connection.key()));
        ipv6 = connection.ipv6();
        shell = bind(SocketType.ROUTER, connection.address(connection.shellPort()), MAX_REQUEST_BYTES);
        control = bind(SocketType.ROUTER, connection.address(connection.controlPort()), MAX_REQUEST_BYTES);
        // A subscriber that never reads loses what exceeds the high-water mark (ZeroMQ drops for that
        // subscriber only); front ends that read keep up because IOPub is paced (IOPUB_BYTES_PER_SECOND).
        iopub = bind(SocketType.PUB, connection.address(connection.iopubPort()), MAX_SMALL_BYTES);
        stdin = bind(SocketType.ROUTER, connection.address(connection.stdinPort()), MAX_INPUT_BYTES);
        heartbeat = bind(SocketType.REP, connection.address(connection.hbPort()), MAX_SMALL_BYTES);
    }

    /**
     * What to do when a channel thread dies despite catching everything (the kernel would be deaf):
     * the default halts the process so that the front end notices and restarts the kernel.
     */
    public void onThreadDeath(Runnable action) {
        threadDeath = action;
    }

    /** The codec (session id, headers). */
    public WireCodec codec() {
        return codec;
    }

    /** Starts the heartbeat, control and shell threads; {@code handler} serves both request channels. */
    public void start(Handler handler) {
        threads.add(thread("gradflow-heartbeat", () -> {
            while (running) {
                // Every frame of a ping comes back, however many there are (a REP socket cannot answer
                // before it has read the whole request).
                List<byte[]> ping = receive(heartbeat, POLL_MS);
                if (ping != null) {
                    sendFrames(heartbeat, ping);
                }
            }
        }));
        threads.add(thread("gradflow-iopub", this::sendOutbox));
        threads.add(thread("gradflow-control", () -> serve(Channel.CONTROL, control, handler)));
        threads.add(thread("gradflow-shell", () -> serve(Channel.SHELL, shell, handler)));
        threads.forEach(Thread::start);
    }

    /** Sends a reply on the channel the request came from. Only the channel's own thread calls this. */
    public void reply(Channel channel, Message request, String type, JsonObject content) {
        send(channel == Channel.SHELL ? shell : control, codec.reply(request, type, content));
    }

    /**
     * Publishes on IOPub; any thread may call this. Messages go out in order from the kernel's own IOPub
     * thread: a cell thread never touches a socket, since an interrupt during a socket operation would
     * close the socket's internal channels for good.
     */
    public void publish(JsonObject parent, String type, JsonObject content) {
        List<byte[]> frames = codec.encode(codec.publish(parent, type, content));
        long size = 0;
        for (byte[] frame : frames) {
            size += frame.length;
        }
        synchronized (outbox) {
            // Wait for room (an empty outbox takes any message), so a cell printing in a tight loop is paced.
            while (running && !outbox.isEmpty() && outboxBytes + size > OUTBOX_BYTES) {
                try {
                    outbox.wait();
                } catch (InterruptedException e) {
                    // A cell flooding the output was interrupted while waiting for room: drop the message.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            outbox.add(frames);
            outboxBytes += size;
            outbox.notifyAll();
        }
    }

    /** The IOPub thread's loop: sends what cells publish, in order, at most at the paced rate. */
    private void sendOutbox() {
        long due = System.nanoTime();
        while (true) {
            List<byte[]> frames;
            synchronized (outbox) {
                while (outbox.isEmpty()) {
                    try {
                        outbox.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                frames = outbox.poll();
                if (frames == STOP) {
                    return;
                }
                for (byte[] frame : frames) {
                    outboxBytes -= frame.length;
                }
                outbox.notifyAll();
            }
            long size = 0;
            for (byte[] frame : frames) {
                size += frame.length;
            }
            try {
                sendFrames(iopub, frames);
            } catch (RuntimeException e) {
                KernelLog.log("could not publish a message on IOPub", e);
            }
            long now = System.nanoTime();
            due = Math.max(due, now) + size * 1_000_000_000L / IOPUB_BYTES_PER_SECOND;
            long ahead = due - now - IOPUB_BURST_NANOS;
            if (ahead > 0) {
                if (now - lastPacingLog > PACING_LOG_EVERY_NANOS) {
                    lastPacingLog = now;
                    KernelLog.log("a cell publishes faster than " + (IOPUB_BYTES_PER_SECOND >> 20)
                            + " MB/s; its output is paced (the cell waits)");
                }
                try {
                    Thread.sleep(ahead / 1_000_000L, (int) (ahead % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Publishes the kernel's execution state ({@code busy}, {@code idle}, {@code starting}). */
    public void status(JsonObject parent, String state) {
        JsonObject content = new JsonObject();
        content.addProperty("execution_state", state);
        publish(parent, "status", content);
    }

    /**
     * Asks the front end that sent {@code request} for a line of input (stdin channel) and waits for
     * it; returns null when the kernel stops or {@code cancelled} turns true first (an interrupt). The
     * socket work happens on the kernel's stdin thread; the caller only waits.
     */
    public String input(Message request, String prompt, boolean password, BooleanSupplier cancelled) {
        JsonObject content = new JsonObject();
        content.addProperty("prompt", prompt);
        content.addProperty("password", password);
        Message ask = codec.to(request.identities(), request.header(), "input_request", content);
        Future<String> answer = stdinThread.submit(() -> {
            // Replies sent before this request answer nothing: drop them (as ipykernel does).
            for (int stale = 0; stale < 1000 && receive(stdin, 0) != null; stale++) {
                KernelLog.log("dropped a stdin message sent before the input request");
            }
            send(stdin, ask);
            while (running && !cancelled.getAsBoolean()) {
                List<byte[]> frames = receive(stdin, INPUT_POLL_MS);
                Message reply = frames == null ? null : decodeOrLog("stdin", frames);
                if (reply != null && reply.type().equals("input_reply")) {
                    String answered = reply.parentHeader().has("msg_id") ? reply.parentHeader().get("msg_id").toString()
                            : null;
                    if (answered == null || answered.equals(ask.header().get("msg_id").toString())) {
                        return reply.string("value", "");
                    }
                    KernelLog.log("dropped an input_reply that answers another request");
                }
            }
            return null;
        });
        while (true) {
            try {
                return answer.get();
            } catch (InterruptedException e) {
                // The stdin thread notices the interrupt through cancelled; keep waiting for it.
                Thread.interrupted();
            } catch (ExecutionException e) {
                KernelLog.log("input request failed", e.getCause());
                return null;
            }
        }
    }

    /**
     * The shell requests already waiting, taken without blocking (used to abort queued cells after an
     * error). Only the shell thread calls this.
     */
    public List<Message> drainShell() {
        List<Message> queued = new ArrayList<>();
        while (true) {
            byte[] first = shell.recv(ZMQ.DONTWAIT);
            if (first == null) {
                return queued;
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            while (shell.hasReceiveMore()) {
                frames.add(shell.recv(0));
            }
            Message message = decodeOrLog("shell", frames);
            if (message != null) {
                queued.add(message);
            }
        }
    }

    /** Ends every loop; {@link #awaitStop()} returns. */
    public void stop() {
        running = false;
        stopped.countDown();
    }

    /** Blocks until {@link #stop()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Stops the loops and closes the sockets. */
    @Override
    public void close() {
        stop();
        synchronized (outbox) {
            outbox.add(STOP);
            outbox.notifyAll();
        }
        stdinThread.shutdownNow();
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                try {
                    thread.join(2 * POLL_MS + 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        context.close();
    }

    private void serve(Channel channel, ZMQ.Socket socket, Handler handler) {
        while (running) {
            Message request = null;
            try {
                List<byte[]> frames = receive(socket);
                if (frames == null) {
                    continue;
                }
                request = decodeOrLog(channel.name().toLowerCase(), frames);
                if (request != null) {
                    handler.handle(channel, request);
                }
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                logSafely("failed to handle " + request + " on " + channel, e);
            }
        }
    }

    /** Logs without ever throwing (the handler of a failure must not fail in turn). */
    private static void logSafely(String message, Throwable error) {
        try {
            KernelLog.log(message, error);
        } catch (RuntimeException | Error e) {
            try {
                KernelLog.log("a failure that cannot be described: " + error.getClass().getName());
            } catch (RuntimeException | Error ignored) {
                // Nothing left to report with.
            }
        }
    }

    private Message decodeOrLog(String channel, List<byte[]> frames) {
        try {
            return codec.decode(frames);
        } catch (WireCodec.BadMessageException e) {
            KernelLog.log("dropped a message on " + channel + ": " + e.getMessage());
            return null;
        }
    }

    /** The frames of the next message, or null after the poll interval passes without one. */
    private List<byte[]> receive(ZMQ.Socket socket) {
        return receive(socket, POLL_MS);
    }

    private List<byte[]> receive(ZMQ.Socket socket, int timeoutMs) {
        try {
            socket.setReceiveTimeOut(timeoutMs);
            byte[] first = socket.recv(0);
            if (first == null) {
                return null;
            }
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            long size = first.length;
            boolean tooBig = false;
            while (socket.hasReceiveMore()) {
                byte[] frame = socket.recv(0);
                size += frame == null ? 0 : frame.length;
                tooBig |= frames.size() >= MAX_FRAMES || size > socket.getMaxMsgSize();
                if (!tooBig) {
                    frames.add(frame);
                }
            }
            if (tooBig) {
                KernelLog.log("dropped a message of more than " + MAX_FRAMES + " frames or "
                        + socket.getMaxMsgSize() + " bytes");
                return null;
            }
            return frames;
        } catch (ZMQException e) {
            if (running) {
                KernelLog.log("receive failed", e);
            }
            return null;
        }
    }

    private void send(ZMQ.Socket socket, Message message) {
        sendFrames(socket, codec.encode(message));
    }

    private static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private ZMQ.Socket bind(SocketType type, String address, long maxMessageBytes) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        // A peer announcing a bigger frame is disconnected before any memory is set aside for it.
        socket.setMaxMsgSize(maxMessageBytes);
        socket.setSndHWM(SEND_HWM);
        socket.setRcvHWM(SEND_HWM);
        socket.setIPv6(ipv6);
        socket.setReceiveTimeOut(POLL_MS);
        if (!socket.bind(address)) {
            throw new IllegalStateException("cannot bind " + type + " socket to " + address);
        }
        return socket;
    }

    /**
     * A channel thread. Its loop catches every failure of one message; should the thread end anyway
     * while the kernel runs, it is logged in one line and the process ends (a deaf kernel that stays
     * alive is the worst outcome: no front end restarts it).
     */
    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            Throwable failure = null;
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            if (running) {
                try {
                    KernelLog.log("thread " + name + " died (" + (failure == null ? "its loop ended"
                            : KernelLog.summary(failure)) + "); the kernel exits so the front end can restart it");
                } finally {
                    threadDeath.run();
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
