package org.gradflow.kernel;

/** Comments and literals in a snippet's Java text, which the kernel's small scanners step over. */
final class JavaText {

    private JavaText() {
    }

    /**
     * Where the comment or literal (string, character, text block) that starts at {@code i} ends: the index of
     * its last character (a line comment ends before its newline), {@code source.length()} when it is not
     * closed, -1 when none starts at {@code i}.
     */
    static int skip(String source, int i) {
        char c = source.charAt(i);
        if (source.startsWith("//", i)) {
            int end = source.indexOf('\n', i);
            return end < 0 ? source.length() - 1 : end - 1;
        }
        if (source.startsWith("/*", i)) {
            int end = source.indexOf("*/", i + 2);
            return end < 0 ? source.length() : end + 1;
        }
        if (c == '"' || c == '\'') {
            String quote = source.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(c);
            int j = i + quote.length();
            while (j < source.length() && !source.startsWith(quote, j)) {
                j += source.charAt(j) == '\\' ? 2 : 1;
            }
            return j >= source.length() ? source.length() : j + quote.length() - 1;
        }
        return -1;
    }
}
