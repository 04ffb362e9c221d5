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
        assertTrue(Inspection.html(docs, false).contains("Widens &lt;x&gt;."));
    }
}
