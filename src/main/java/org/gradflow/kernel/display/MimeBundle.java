package org.gradflow.kernel.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value rendered in several MIME types, e.g. {@code image/png} (base64) and {@code text/plain};
 * the front end shows the richest one it supports. Values are text (or base64 text for images).
 */
public final class MimeBundle {

    private final Map<String, String> data = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> metadata = new LinkedHashMap<>();

    /** A bundle with one representation. */
    public static MimeBundle of(String mime, String value) {
        return new MimeBundle().with(mime, value);
    }

    /** Adds (or replaces) one representation. */
    public MimeBundle with(String mime, String value) {
        data.put(mime, value);
        return this;
    }

    /** Adds metadata for one representation (e.g. {@code width} of an image). */
    public MimeBundle withMetadata(String mime, String key, Object value) {
        metadata.computeIfAbsent(mime, m -> new LinkedHashMap<>()).put(key, value);
        return this;
    }

    /** MIME type to representation, in insertion order. */
    public Map<String, String> data() {
        return Collections.unmodifiableMap(data);
    }

    /** MIME type to its metadata. */
    public Map<String, Map<String, Object>> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}
