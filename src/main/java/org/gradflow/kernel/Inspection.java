package org.gradflow.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text shown by inspection (Shift+Tab): signatures and the Javadoc summary (or all of it when detailed),
 * with Javadoc's HTML turned into plain text that reads as Markdown: lists become {@code 1.} and {@code -}
 * items, paragraphs blank lines, {@code <code>} backticks; no tag is shown raw.
 */
final class Inspection {

    /** The HTML tags Javadoc uses; other {@code <...>} text (a generic type, a formula) is kept as written. */
    private static final Pattern TAG = Pattern.compile(
            "<(/?)(p|ol|ul|li|code|tt|pre|em|i|b|strong|br|a|sub|sup|h[1-6]|blockquote|dl|dt|dd|span|div|var|table|tr|td|th|thead|tbody|caption|hr)\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);

    private Inspection() {
    }

    static String text(List<Evaluator.Documentation> docs, boolean detailed) {
        return docs.stream().map(d -> d.signature() + (d.javadoc().isBlank() ? "" : "\n    "
                        + doc(d.javadoc(), detailed).replace("\n", "\n    ")))
                .collect(Collectors.joining("\n\n"));
    }

    /** Markdown: each signature as code, then its documentation (HTML special characters escaped). */
    static String markdown(List<Evaluator.Documentation> docs, boolean detailed) {
        return docs.stream().map(d -> "`" + d.signature() + "`" + (d.javadoc().isBlank() ? ""
                        : "\n\n" + escape(doc(d.javadoc(), detailed))))
                .collect(Collectors.joining("\n\n---\n\n"));
    }

    /** The first sentence of a Javadoc text (up to the first period followed by white space), or all of it. */
    static String doc(String javadoc, boolean detailed) {
        String text = javadoc.strip().replaceAll("\\{@(?:code|literal|link|linkplain)\\s+([^}]*)}", "$1")
                .replace('#', '.');
        if (detailed) {
            return plain(text);
        }
        // The first sentence of the first paragraph (a list after "in three steps:" is not part of it).
        String flat = plain(text).split("\n\n", 2)[0].replaceAll("\\s+", " ");
        int end = flat.indexOf(". ");
        int tag = flat.indexOf(" @");
        int cut = end < 0 ? flat.length() : end + 1;
        if (tag >= 0 && tag < cut) {
            cut = tag;
        }
        return flat.substring(0, cut).strip();
    }

    /** Javadoc HTML as plain text with Markdown conventions (lists, paragraphs, code, emphasis). */
    static String plain(String html) {
        StringBuilder out = new StringBuilder();
        Deque<int[]> lists = new ArrayDeque<>();   // per open list: {ordered ? 1 : 0, next number}
        Matcher m = TAG.matcher(html);
        int at = 0;
        while (m.find()) {
            out.append(html, at, m.start());
            at = m.end();
            boolean closing = !m.group(1).isEmpty();
            String tag = m.group(2).toLowerCase(java.util.Locale.ROOT);
            switch (tag) {
                case "p", "div", "blockquote", "dl", "table" -> out.append("\n\n");
                case "br", "tr", "dt", "hr" -> out.append('\n');
                case "dd" -> out.append(closing ? "\n" : "\n    ");
                case "ol", "ul" -> {
                    if (closing) {
                        lists.poll();
                    } else {
                        lists.push(new int[] {tag.equals("ol") ? 1 : 0, 1});
                    }
                    out.append('\n');
                }
                case "li" -> {
                    if (!closing) {
                        int[] list = lists.isEmpty() ? new int[] {0, 1} : lists.peek();
                        trimEnd(out);
                        // A blank line before a list's first item, as Markdown wants.
                        out.append(list[1] == 1 && lists.size() <= 1 ? "\n\n" : "\n").append("  ".repeat(Math.max(0, lists.size() - 1)))
                                .append(list[0] == 1 ? list[1] + ". " : "- ");
                        list[1]++;
                    }
                }
                case "code", "tt", "var" -> out.append('`');
                case "pre" -> {
                    trimEnd(out);
                    out.append(closing ? "\n```\n" : "\n\n```\n");
                    if (!closing && at < html.length() && html.charAt(at) == '\n') {
                        at++;
                    }
                }
                case "em", "i" -> out.append('*');
                case "b", "strong" -> out.append("**");
                case "sub" -> out.append(closing ? "" : "_");
                case "sup" -> out.append(closing ? "" : "^");
                case "h1", "h2", "h3", "h4", "h5", "h6" -> out.append(closing ? "\n\n" : "\n\n### ");
                case "td", "th" -> out.append(closing ? "" : " | ");
                default -> { }
            }
        }
        out.append(html.substring(at));
        String text = out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&nbsp;", " ").replace("&#39;", "'").replace("&amp;", "&");
        // At most one blank line in a row, no blanks at line ends.
        return text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void trimEnd(StringBuilder out) {
        while (out.length() > 0 && Character.isWhitespace(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
