package org.gradflow.kernel;

import java.util.List;
import java.util.stream.Collectors;
import org.gradflow.viz.Tables;

/** The text shown by inspection (Shift+Tab): signatures and the Javadoc summary (or all of it when detailed). */
final class Inspection {

    private Inspection() {
    }

    static String text(List<Evaluator.Documentation> docs, boolean detailed) {
        return docs.stream().map(d -> d.signature() + (d.javadoc().isBlank() ? "" : "\n    " + doc(d.javadoc(), detailed)))
                .collect(Collectors.joining("\n\n"));
    }

    static String html(List<Evaluator.Documentation> docs, boolean detailed) {
        return docs.stream().map(d -> "<p><code>" + Tables.escape(d.signature()) + "</code>"
                        + (d.javadoc().isBlank() ? "" : "<br>" + Tables.escape(doc(d.javadoc(), detailed))) + "</p>")
                .collect(Collectors.joining("\n"));
    }

    /** The first sentence of a Javadoc text (up to the first period followed by white space), or all of it. */
    static String doc(String javadoc, boolean detailed) {
        String text = javadoc.strip().replaceAll("\\{@(?:code|literal|link|linkplain)\\s+([^}]*)}", "$1")
                .replace('#', '.');
        if (detailed) {
            return text;
        }
        String flat = text.replaceAll("\\s+", " ");
        int end = flat.indexOf(". ");
        int tag = flat.indexOf(" @");
        int cut = end < 0 ? flat.length() : end + 1;
        if (tag >= 0 && tag < cut) {
            cut = tag;
        }
        return flat.substring(0, cut);
    }
}
