package org.gradflow.kernel.wire;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel: where to bind each socket and the key that signs
 * every message.
 *
 * @param transport       {@code tcp} or {@code ipc}
 * @param ip              the address to bind (the kernel binds nothing else)
 * @param shellPort       requests from the front end
 * @param iopubPort       broadcast outputs and status
 * @param stdinPort       input requests to the front end
 * @param controlPort     interrupt and shutdown, served while a cell runs
 * @param hbPort          heartbeat echo
 * @param key             the HMAC key; empty means messages are not signed
 * @param signatureScheme {@code hmac-sha256} (the only scheme Jupyter uses)
 */
public record ConnectionFile(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    /** Reads and checks a connection file; fails naming the file and the missing or bad field. */
    public static ConnectionFile read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject json;
        try {
            json = JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException("connection file " + file + " is not a JSON object: " + e.getMessage(), e);
        }
        try {
            return new ConnectionFile(
                    string(json, "transport", "tcp"), string(json, "ip", "127.0.0.1"),
                    port(json, "shell_port"), port(json, "iopub_port"), port(json, "stdin_port"),
                    port(json, "control_port"), port(json, "hb_port"),
                    string(json, "key", ""), string(json, "signature_scheme", "hmac-sha256"));
        } catch (IllegalArgumentException e) {
            throw new IOException("connection file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks the transport and the signature scheme. */
    public ConnectionFile {
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new IllegalArgumentException("transport must be tcp or ipc, got " + transport);
        }
        if (!key.isEmpty() && !signatureScheme.equals("hmac-sha256")) {
            throw new IllegalArgumentException("signature_scheme must be hmac-sha256, got " + signatureScheme);
        }
    }

    /** The ZeroMQ address of one port: {@code tcp://ip:port} ({@code tcp://[ip]:port} for IPv6) or {@code ipc://ip-port}. */
    public String address(int port) {
        if (transport.equals("ipc")) {
            return "ipc://" + ip + "-" + port;
        }
        return ipv6() ? "tcp://[" + ip + "]:" + port : "tcp://" + ip + ":" + port;
    }

    /** Whether the address is an IPv6 one. */
    public boolean ipv6() {
        return transport.equals("tcp") && ip.contains(":");
    }

    private static String string(JsonObject json, String name, String fallback) {
        return json.has(name) && !json.get(name).isJsonNull() ? json.get(name).getAsString() : fallback;
    }

    private static int port(JsonObject json, String name) {
        if (!json.has(name)) {
            throw new IllegalArgumentException("missing field " + name);
        }
        int port = json.get(name).getAsInt();
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be a port in 1..65535, got " + port);
        }
        return port;
    }
}
