package org.gradflow.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Turns ZeroMQ frames into {@link Message}s and back, checking and adding HMAC signatures, and makes
 * the headers of the kernel's own messages (one session id for the kernel's lifetime).
 */
public final class WireCodec {

    /** The protocol version the kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** How many accepted signatures are remembered to refuse replays (as jupyter_client's digest history). */
    static final int REPLAY_HISTORY = 1 << 16;
    /** How deep the JSON of a message may nest (Jupyter's own messages nest a few levels). */
    static final int MAX_DEPTH = 64;

    private final Signer signer;
    private final String session = UUID.randomUUID().toString();
    /** Signatures of recently accepted messages, oldest first: a signed message is accepted once. */
    private final LinkedHashSet<String> recentSignatures = new LinkedHashSet<>();

    /** A codec signing with {@code signer}. */
    public WireCodec(Signer signer) {
        this.signer = signer;
    }

    /** Thrown for frames that are not a well-formed, correctly signed message. */
    public static final class BadMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        BadMessageException(String reason) {
            super(reason);
        }
    }

    /** Parses and verifies the frames of one message. */
    public Message decode(List<byte[]> frames) throws BadMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new BadMessageException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < delimiter + 6) {
            throw new BadMessageException("expected signature and 4 JSON frames after the delimiter, got "
                    + (frames.size() - delimiter - 1) + " frames");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new BadMessageException(signature.length == 0 ? "missing HMAC signature" : "wrong HMAC signature");
        }
        rejectReplay(signature);
        for (byte[] json : List.of(header, parent, metadata, content)) {
            int depth = depth(json);
            if (depth > MAX_DEPTH) {
                throw new BadMessageException("a JSON frame nests " + depth + " levels deep (at most " + MAX_DEPTH + ")");
            }
        }
        Message message;
        try {
            message = new Message(List.copyOf(frames.subList(0, delimiter)), object(header), object(parent),
                    object(metadata), object(content), List.copyOf(frames.subList(delimiter + 6, frames.size())));
        } catch (RuntimeException e) {
            throw new BadMessageException("a JSON frame is not a JSON object: " + e.getMessage());
        }
        JsonElement type = message.header().get("msg_type");
        if (type == null || !type.isJsonPrimitive() || !type.getAsJsonPrimitive().isString()) {
            throw new BadMessageException("the header has no msg_type string");
        }
        return message;
    }

    /**
     * How deep arrays and objects nest in a JSON text (strings skipped), counted without parsing: a deeply
     * nested frame would overflow the stack of whichever thread parses or writes it.
     */
    static int depth(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /**
     * Refuses a signature seen before: a captured, correctly signed message sent again is a replay. Unsigned
     * sessions (empty key) have nothing to compare. Shell and control threads decode, hence the lock.
     */
    private void rejectReplay(byte[] signature) throws BadMessageException {
        if (signature.length == 0) {
            return;
        }
        String key = new String(signature, StandardCharsets.US_ASCII);
        synchronized (recentSignatures) {
            if (!recentSignatures.add(key)) {
                throw new BadMessageException("duplicate HMAC signature: a replayed message");
            }
            if (recentSignatures.size() > REPLAY_HISTORY) {
                Iterator<String> oldest = recentSignatures.iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** The frames of a message, signed. */
    public List<byte[]> encode(Message message) {
        byte[] header = bytes(message.header());
        byte[] parent = bytes(message.parentHeader());
        byte[] metadata = bytes(message.metadata());
        byte[] content = bytes(message.content());
        List<byte[]> frames = new ArrayList<>(message.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        frames.addAll(message.buffers());
        return frames;
    }

    /** A reply to {@code request} on the socket it came from (same routing identities). */
    public Message reply(Message request, String type, JsonObject content) {
        return new Message(request.identities(), header(type), request.header(), new JsonObject(), content, List.of());
    }

    /** A message published on IOPub (or sent on stdin) under {@code parent}. */
    public Message publish(JsonObject parent, String type, JsonObject content) {
        List<byte[]> topic = List.of(("kernel." + session + "." + type).getBytes(StandardCharsets.UTF_8));
        return new Message(topic, header(type), parent == null ? new JsonObject() : parent, new JsonObject(),
                content, List.of());
    }

    /** A message addressed to given routing identities (stdin input requests). */
    public Message to(List<byte[]> identities, JsonObject parent, String type, JsonObject content) {
        return new Message(identities, header(type), parent, new JsonObject(), content, List.of());
    }

    /** The kernel's session id. */
    public String session() {
        return session;
    }

    /** JSON text of any element, without HTML escaping. */
    public static String json(JsonElement element) {
        return GSON.toJson(element);
    }

    private JsonObject header(String type) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", "kernel");
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        return header;
    }

    private static JsonObject object(byte[] frame) {
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static byte[] bytes(JsonObject json) {
        return GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
    }
}
