package org.gradflow.kernel;

/** Jupyter counts cursor positions in Unicode code points; Java strings index UTF-16 units. */
final class Unicode {

    private Unicode() {
    }

    /** The UTF-16 index of code point {@code codePoints} (clamped to the text). */
    static int toIndex(String text, int codePoints) {
        int total = text.codePointCount(0, text.length());
        return text.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
    }

    /** The code point position of UTF-16 index {@code index}. */
    static int toCodePoints(String text, int index) {
        return text.codePointCount(0, Math.max(0, Math.min(index, text.length())));
    }
}
