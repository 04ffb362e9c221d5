package org.gradflow.kernel.wire;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message as it travels on a socket (protocol 5.x).
 *
 * @param identities   ZeroMQ routing prefixes, echoed back on replies
 * @param header       msg_id, msg_type, session, username, date, version
 * @param parentHeader the header of the request this message answers (empty for none)
 * @param metadata     free-form metadata
 * @param content      the message body
 * @param buffers      extra binary frames
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    /** The message type, e.g. {@code execute_request}. */
    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    /** The message id. */
    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    /** A string field of the content, or {@code fallback} when absent. */
    public String string(String field, String fallback) {
        return content.has(field) && !content.get(field).isJsonNull() ? content.get(field).getAsString() : fallback;
    }

    /** A boolean field of the content, or {@code fallback} when absent. */
    public boolean flag(String field, boolean fallback) {
        return content.has(field) && !content.get(field).isJsonNull() ? content.get(field).getAsBoolean() : fallback;
    }

    /** An integer field of the content, or {@code fallback} when absent. */
    public int integer(String field, int fallback) {
        return content.has(field) && !content.get(field).isJsonNull() ? content.get(field).getAsInt() : fallback;
    }

    @Override
    public String toString() {
        return "Message(" + type() + ", id=" + id() + ")";
    }
}
