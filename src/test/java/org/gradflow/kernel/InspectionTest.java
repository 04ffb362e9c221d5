package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of inspection replies. */
class InspectionTest {

    private static final String JAVADOC = "The product {@code A B} of two matrices.\n Fails when the shapes differ; "
            + "see {@link Matrix#transpose}.\n@param other the right factor";

    @Test
    void theSummaryIsTheFirstSentenceWithoutTags() {
        assertEquals("The product A B of two matrices.", Inspection.doc(JAVADOC, false));
    }

    @Test
    void detailShowsEverything() {
        String all = Inspection.doc(JAVADOC, true);
        assertTrue(all.contains("see Matrix.transpose") && all.contains("@param other"), all);
    }

    @Test
    void textAndHtmlListEverySignature() {
        List<Evaluator.Documentation> docs = List.of(new Evaluator.Documentation("int f(int x)", ""),
                new Evaluator.Documentation("long f(long x)", "Widens <x>."));
        assertEquals("int f(int x)\n\nlong f(long x)\n    Widens <x>.", Inspection.text(docs, false));
        assertTrue(Inspection.markdown(docs, false).contains("Widens &lt;x&gt;."));
        assertTrue(Inspection.markdown(docs, false).startsWith("`int f(int x)`"));
    }

    @Test
    void javadocHtmlBecomesPlainTextListsAndCodeWithoutTags() {
        String javadoc = "Trains in three steps:\n<ol>\n  <li>forward, keeping {@code Z(r)};</li>\n  <li>backward with "
                + "<code>delta</code>, where x<sub>i</sub> &lt; 1;</li>\n  <li>update.</li>\n</ol>\n<p>Options:\n<ul><li><em>seed</em>"
                + "</li><li><b>epochs</b></li></ul>\n<pre>\nnet.fit(data)\n</pre>";
        String text = Inspection.doc(javadoc, true);
        assertEquals("Trains in three steps:\n\n1. forward, keeping Z(r);\n2. backward with `delta`, where x_i < 1;\n3. update.\n\n"
                + "Options:\n\n- *seed*\n- **epochs**\n\n```\nnet.fit(data)\n```", text);
        assertEquals("Trains in three steps:", Inspection.doc(javadoc, false));
        assertTrue(Inspection.text(List.of(new Evaluator.Documentation("void fit()", javadoc)), true)
                .contains("\n    1. forward"));
    }

    @Test
    void aRealJavadocWithAListShowsNoTags() {
        String source = "/**\n * Steps:\n * <ul>\n *   <li>one</li>\n * </ul>\n */";
        String javadoc = source.replaceAll("(?m)^\\s*/?\\*+/?", "").strip();
        String text = Inspection.doc(javadoc, true);
        assertTrue(!text.contains("<") && text.contains("- one"), text);
    }
}
