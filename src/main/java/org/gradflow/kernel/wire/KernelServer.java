package org.gradflow.kernel.wire;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static final int OUTBOX_CAPACITY = 1000;
    private static final Message STOP = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject(), List.of());

    private final ZContext context = new ZContext(1);
    private final WireCodec codec;
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final ZMQ.Socket iopub;
    private final ZMQ.Socket stdin;
    private final ZMQ.Socket heartbeat;
    private final List<Thread> threads = new ArrayList<>();
    /** IOPub messages waiting to be sent; bounded so a cell printing in a tight loop waits for the front end. */
    private final BlockingQueue<Message> outbox = new LinkedBlockingQueue<>(OUTBOX_CAPACITY);
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
        shell = bind(SocketType.ROUTER, connection.address(connection.shellPort()));
        control = bind(SocketType.ROUTER, connection.address(connection.controlPort()));
        iopub = bind(SocketType.PUB, connection.address(connection.iopubPort()));
        // Never drop IOPub messages (ZeroMQ's default drops past 1000 queued): a lost idle status leaves
        // the notebook busy forever. The bounded outbox paces the cells that produce them.
        iopub.setSndHWM(0);
        stdin = bind(SocketType.ROUTER, connection.address(connection.stdinPort()));
        heartbeat = bind(SocketType.REP, connection.address(connection.hbPort()));
    }

    /** The codec (session id, headers). */
    public WireCodec codec() {
        return codec;
    }

    /** Starts the heartbeat, control and shell threads; {@code handler} serves both request channels. */
    public void start(Handler handler) {
        threads.add(thread("gradflow-heartbeat", () -> {
            while (running) {
                byte[] ping = heartbeat.recv(0);
                if (ping != null) {
                    heartbeat.send(ping, 0);
                }
            }
        }));
        threads.add(thread("gradflow-iopub", () -> {
            while (true) {
                Message message;
                try {
                    message = outbox.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (message == STOP) {
                    return;
                }
                send(iopub, message);
            }
        }));
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
        Message message = codec.publish(parent, type, content);
        try {
            outbox.put(message);
        } catch (InterruptedException e) {
            // A cell flooding the output was interrupted while waiting for room: drop the message.
            Thread.currentThread().interrupt();
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
            send(stdin, ask);
            while (running && !cancelled.getAsBoolean()) {
                List<byte[]> frames = receive(stdin, INPUT_POLL_MS);
                Message reply = frames == null ? null : decodeOrLog("stdin", frames);
                if (reply != null && reply.type().equals("input_reply")) {
                    return reply.string("value", "");
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
        outbox.offer(STOP);
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
            List<byte[]> frames = receive(socket);
            if (frames == null) {
                continue;
            }
            Message request = decodeOrLog(channel.name().toLowerCase(), frames);
            if (request == null) {
                continue;
            }
            try {
                handler.handle(channel, request);
            } catch (Exception | StackOverflowError e) {
                KernelLog.log("failed to handle " + request + " on " + channel, e);
            } catch (OutOfMemoryError e) {
                KernelLog.log("out of memory while handling " + request + " on " + channel);
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
            while (socket.hasReceiveMore()) {
                frames.add(socket.recv(0));
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
        List<byte[]> frames = codec.encode(message);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private ZMQ.Socket bind(SocketType type, String address) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(1000);
        socket.setIPv6(ipv6);
        socket.setReceiveTimeOut(POLL_MS);
        if (!socket.bind(address)) {
            throw new IllegalStateException("cannot bind " + type + " socket to " + address);
        }
        return socket;
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (running) {
                    KernelLog.log(name + " stopped", e);
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
