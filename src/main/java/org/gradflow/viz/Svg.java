package org.gradflow.viz;

import java.util.Objects;

/**
 * An SVG picture made by gradflow (for example a computation graph). It only holds the markup;
 * the Jupyter kernel renders it as {@code image/svg+xml}, and {@link #markup()} can be written to a file.
 *
 * @param markup a complete {@code <svg>} document
 * @param title  a short description, shown where the picture cannot be
 */
public record Svg(String markup, String title) {

    /** Checks that the markup is an SVG document. */
    public Svg {
        Objects.requireNonNull(markup, "Svg: markup is null");
        Objects.requireNonNull(title, "Svg: title is null");
        if (!markup.stripLeading().startsWith("<svg") && !markup.stripLeading().startsWith("<?xml")) {
            throw new IllegalArgumentException("Svg: markup must start with <svg or <?xml, got: "
                    + markup.substring(0, Math.min(40, markup.length())));
        }
    }

    /** The title, since the markup itself is unreadable as text. */
    @Override
    public String toString() {
        return "Svg(" + title + ", " + markup.length() + " chars)";
    }
}
