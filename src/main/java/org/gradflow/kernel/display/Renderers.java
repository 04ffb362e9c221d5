package org.gradflow.kernel.display;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The registry of renderers: for each value type, which MIME types it is shown in and how. Adding a
 * type is one line:
 * <pre>{@code renderers.register(GradCheckReport.class, "text/html", GradCheckReport::toHtml);}</pre>
 * When several registrations match a value for one MIME type, the one for the most specific type wins
 * (among equals, the later). {@code text/plain} is always present: the registered one, or JShell's
 * rendering of the value.
 *
 * <p>Raw output, as other kernels offer it: a string asked for in a text-based MIME type is that
 * output as it is ({@code display("<b>hi</b>", "text/html")}; Markdown, LaTeX, JSON, SVG likewise), and a
 * {@link MimeBundle} value is shown as the bundle it is (several types at once).
 */
public final class Renderers {

    /** The largest {@code text/plain} shown, in characters. */
    public static final int MAX_TEXT = 20_000;

    private record Registration(Class<?> type, String mime, boolean byDefault, Function<Object, String> render) {
    }

    private final List<Registration> registrations = new ArrayList<>();
    private final List<Class<?>> hidden = new ArrayList<>();

    /** Shows values of {@code type} as {@code mime}, by default. */
    public <T> Renderers register(Class<T> type, String mime, Function<? super T, String> render) {
        return add(type, mime, true, render);
    }

    /** Offers {@code mime} for values of {@code type} only when a cell asks for it by name. */
    public <T> Renderers registerOnRequest(Class<T> type, String mime, Function<? super T, String> render) {
        return add(type, mime, false, render);
    }

    /** Values of {@code type} show nothing as a cell's result (e.g. the id that {@code display} returns). */
    public Renderers hide(Class<?> type) {
        hidden.add(Objects.requireNonNull(type, "Renderers.hide: type is null"));
        return this;
    }

    /** The default representations of {@code value} plus {@code text/plain}; empty for hidden types. */
    public MimeBundle render(Object value) {
        if (value != null && hidden.stream().anyMatch(t -> t.isInstance(value))) {
            return new MimeBundle();
        }
        return render(value, null);
    }

    /**
     * The representations of {@code value} in the requested MIME types (default and on-request ones),
     * plus {@code text/plain}. Fails naming the type and what it offers when a type is not available.
     */
    public MimeBundle render(Object value, List<String> mimes) {
        if (value instanceof MimeBundle given) {
            return rawBundle(given, mimes);
        }
        Map<String, Registration> best = new LinkedHashMap<>();
        if (value != null) {
            for (Registration r : registrations) {
                if (!r.type().isInstance(value) || (mimes == null && !r.byDefault())) {
                    continue;
                }
                Registration current = best.get(r.mime());
                if (current == null || current.type().isAssignableFrom(r.type())) {
                    best.put(r.mime(), r);
                }
            }
        }
        MimeBundle bundle = new MimeBundle();
        List<String> wanted = mimes == null ? new ArrayList<>(best.keySet()) : mimes;
        for (String mime : wanted) {
            Registration r = best.get(mime);
            if (r == null) {
                if (mime.equals("text/plain")) {
                    continue;
                }
                if (value instanceof CharSequence text && isText(mime)) {
                    bundle.with(mime, checkedRaw(mime, text.toString()));
                    continue;
                }
                List<String> offered = new ArrayList<>(best.keySet());
                offered.remove("text/plain");
                offered.add("text/plain");
                throw new IllegalArgumentException("display: " + (value == null ? "null" : value.getClass().getName())
                        + " cannot be shown as " + mime + "; it can be shown as " + String.join(", ", offered)
                        + (value instanceof CharSequence ? ", or as itself in a text-based type (text/html, text/markdown, "
                        + "text/latex, application/json, image/svg+xml, ...)" : ""));
            }
            bundle.with(mime, r.render().apply(value));
        }
        if (!bundle.data().containsKey("text/plain")) {
            Registration r = best.get("text/plain");
            bundle.with("text/plain", r != null ? r.render().apply(value) : plainText(value));
        }
        return bundle;
    }

    /**
     * Whether a MIME type's content is text that a string can be as it is: {@code text/*}, JSON, XML
     * (SVG included) and JavaScript; images such as {@code image/png} are base64 bytes, not text.
     */
    public static boolean isText(String mime) {
        return mime.startsWith("text/") || isJson(mime) || mime.endsWith("+xml") || mime.equals("application/xml")
                || mime.equals("application/javascript");
    }

    /** Whether a MIME type holds JSON ({@code application/json}, {@code application/vnd.x+json}); sent as JSON, not text. */
    public static boolean isJson(String mime) {
        return mime.equals("application/json") || mime.endsWith("+json");
    }

    /** Raw content checked for its type: JSON must parse (the front end gets it as JSON). */
    private static String checkedRaw(String mime, String content) {
        checkMime(mime, "display");
        if (isJson(mime)) {
            try {
                com.google.gson.JsonParser.parseString(content);
            } catch (com.google.gson.JsonParseException e) {
                throw new IllegalArgumentException("display: the text given as " + mime + " is not valid JSON ("
                        + e.getMessage() + "): " + Renderers.plainText(content.length() > 80 ? content.substring(0, 80) + "..." : content));
            }
        }
        return content;
    }

    private static MimeBundle rawBundle(MimeBundle given, List<String> mimes) {
        MimeBundle bundle = new MimeBundle();
        for (Map.Entry<String, String> e : given.data().entrySet()) {
            if (mimes == null || mimes.contains(e.getKey()) || e.getKey().equals("text/plain")) {
                bundle.with(e.getKey(), isText(e.getKey()) ? checkedRaw(e.getKey(), e.getValue()) : e.getValue());
            }
        }
        given.metadata().forEach((mime, fields) -> fields.forEach((k, v) -> bundle.withMetadata(mime, k, v)));
        if (mimes != null) {
            for (String mime : mimes) {
                if (!bundle.data().containsKey(mime)) {
                    throw new IllegalArgumentException("display: the bundle has no " + mime + "; it holds "
                            + String.join(", ", given.data().keySet()));
                }
            }
        }
        if (!bundle.data().containsKey("text/plain")) {
            bundle.with("text/plain", "(output as " + String.join(", ", bundle.data().keySet()) + ")");
        }
        return bundle;
    }

    private static void checkMime(String mime, String operation) {
        if (mime == null || !mime.matches("[\\w.+-]+/[\\w.+-]+")) {
            throw new IllegalArgumentException(operation + ": not a MIME type: " + mime);
        }
    }

    /** JShell's text for a value: strings quoted and escaped, arrays listed; cut at {@link #MAX_TEXT}. */
    public static String plainText(Object value) {
        String text = JShellText.of(value);
        return text.length() <= MAX_TEXT ? text
                : text.substring(0, MAX_TEXT) + "... (" + (text.length() - MAX_TEXT) + " more characters)";
    }

    @SuppressWarnings("unchecked")
    private <T> Renderers add(Class<T> type, String mime, boolean byDefault, Function<? super T, String> render) {
        Objects.requireNonNull(type, "Renderers.register: type is null");
        Objects.requireNonNull(render, "Renderers.register: render function is null");
        checkMime(mime, "Renderers.register");
        registrations.add(new Registration(type, mime, byDefault, v -> ((Function<Object, String>) render).apply(v)));
        return this;
    }
}
