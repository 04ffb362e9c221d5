package org.gradflow.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gradflow.kernel.wire.ConnectionFile;
import org.gradflow.kernel.wire.Message;
import org.gradflow.kernel.wire.Signer;
import org.gradflow.kernel.wire.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal Jupyter client on loopback for the install's warm-up run ({@code KernelMain --warmup}): it
 * sends signed requests on the shell socket (shutdown on control) and waits for each reply, so that the
 * kernel's whole request path runs once while its classes are recorded.
 */
final class LoopbackClient implements AutoCloseable {

    private static final int REPLY_TIMEOUT_MS = 60_000;

    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket shell;
    private final ZMQ.Socket control;
    private final WireCodec codec;

    LoopbackClient(ConnectionFile connection) {
        codec = new WireCodec(new Signer(connection.key()));
        shell = connect(connection, connection.shellPort());
        control = connect(connection, connection.controlPort());
    }

    /** A connection on 127.0.0.1 with five free TCP ports and a fresh key. */
    static ConnectionFile connection() throws IOException {
        int[] ports = new int[5];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < ports.length; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return new ConnectionFile("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                UUID.randomUUID().toString(), "hmac-sha256");
    }

    /** The content of a complete or inspect request for {@code code} with the cursor at {@code cursor}. */
    static JsonObject codeAt(String code, int cursor) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("cursor_pos", cursor);
        return content;
    }

    /**
     * Sends a request (a shutdown on the control socket, anything else on shell) and returns its reply;
     * fails when no reply comes within a minute.
     */
    Message request(String type, JsonObject content) {
        ZMQ.Socket socket = type.equals("shutdown_request") ? control : shell;
        Message request = codec.to(List.of(), new JsonObject(), type, content);
        List<byte[]> frames = codec.encode(request);
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        while (true) {
            List<byte[]> reply = new ArrayList<>();
            byte[] frame = socket.recv();
            if (frame == null) {
                throw new IllegalStateException("the kernel did not answer " + type + " within "
                        + REPLY_TIMEOUT_MS / 1000 + " s");
            }
            reply.add(frame);
            while (socket.hasReceiveMore()) {
                reply.add(socket.recv());
            }
            try {
                Message answer = codec.decode(reply);
                if (answer.parentHeader().has("msg_id")
                        && answer.parentHeader().get("msg_id").getAsString().equals(request.id())) {
                    return answer;
                }
            } catch (WireCodec.BadMessageException e) {
                throw new IllegalStateException("the kernel answered " + type + " with a bad message: "
                        + e.getMessage(), e);
            }
        }
    }

    private ZMQ.Socket connect(ConnectionFile connection, int port) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setReceiveTimeOut(REPLY_TIMEOUT_MS);
        socket.setLinger(0);
        socket.connect(connection.address(port));
        return socket;
    }

    @Override
    public void close() {
        context.close();
    }
}
