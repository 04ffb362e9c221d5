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

    /**
     * A bundle of raw outputs from pairs of MIME type and content, e.g.
     * {@code MimeBundle.of("text/html", "<b>hi</b>", "text/plain", "hi")}; the front end shows the richest
     * type it supports. Fails on an odd number of arguments or a null.
     */
    public static MimeBundle of(String mime, String value, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("MimeBundle.of: expected pairs of MIME type and content, got "
                    + (2 + more.length) + " arguments (the last, " + more[more.length - 1] + ", has no content)");
        }
        MimeBundle bundle = new MimeBundle().with(mime, value);
        for (int i = 0; i < more.length; i += 2) {
            bundle.with(more[i], more[i + 1]);
        }
        return bundle;
    }

    /** Adds (or replaces) one representation. */
    public MimeBundle with(String mime, String value) {
        if (mime == null || value == null) {
            throw new IllegalArgumentException("MimeBundle: null " + (mime == null ? "MIME type" : "content for " + mime));
        }
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
