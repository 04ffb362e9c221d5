package org.gradflow.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
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
        return text(header, "msg_type", "");
    }

    /** The message id. */
    public String id() {
        return text(header, "msg_id", "");
    }

    /** A string field of the content, or {@code fallback} when absent or not a string, number or boolean. */
    public String string(String field, String fallback) {
        return text(content, field, fallback);
    }

    /** A boolean field of the content, or {@code fallback} when absent or not a boolean. */
    public boolean flag(String field, boolean fallback) {
        JsonPrimitive value = primitive(content, field);
        return value != null && value.isBoolean() ? value.getAsBoolean() : fallback;
    }

    /** An integer field of the content, or {@code fallback} when absent or not an integer that fits an int. */
    public int integer(String field, int fallback) {
        JsonPrimitive value = primitive(content, field);
        if (value == null || !value.isNumber()) {
            return fallback;
        }
        try {
            return value.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return fallback;
        }
    }

    /** Never throws: a field that is absent, null, an object or an array gives {@code fallback}. */
    private static String text(JsonObject object, String field, String fallback) {
        JsonPrimitive value = primitive(object, field);
        return value == null ? fallback : value.getAsString();
    }

    private static JsonPrimitive primitive(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
    }

    @Override
    public String toString() {
        return "Message(" + type() + ", id=" + id() + ")";
    }
}
