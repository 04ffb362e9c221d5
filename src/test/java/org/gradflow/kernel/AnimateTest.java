package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gradflow.graph.Value;
import org.gradflow.kernel.display.DefaultRenderers;
import org.gradflow.kernel.display.DisplaySink;
import org.gradflow.kernel.display.MimeBundle;
import org.gradflow.viz.BackwardStepper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** animate(...) redraws one output in place: the stepper's frames, then its whole HTML animation. */
class AnimateTest {

    /** What the kernel would send: "display id mime" or "update id mime" per output message. */
    private final List<String> sent = new ArrayList<>();
    private final List<MimeBundle> bundles = new ArrayList<>();

    private final DisplaySink recorder = new DisplaySink() {
        @Override
        public void display(MimeBundle bundle, String displayId) {
            record("display", bundle, displayId);
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            record("update", bundle, displayId);
        }

        @Override
        public void page(MimeBundle bundle) {
            throw new AssertionError("animate pages nothing");
        }

        @Override
        public void clear(boolean wait) {
            throw new AssertionError("animate clears nothing");
        }
    };

    private void record(String kind, MimeBundle bundle, String id) {
        String mime = bundle.data().containsKey("text/html") ? "text/html" : "image/svg+xml";
        sent.add(kind + " " + id + " " + mime);
        bundles.add(bundle);
    }

    @AfterEach
    void unbind() {
        Notebook.unbind();
    }

    @Test
    void theStepperPlaysInOneOutputAndLeavesEveryFrameInIt() {
        Notebook.bind(recorder, DefaultRenderers.create());
        Value x = Value.of(2, "x");
        Value y = Value.of(3, "y");
        BackwardStepper stepper = BackwardStepper.of(x.times(y).label("m").plus(x).label("L"));
        String id = Notebook.animate(stepper, 0).id();

        int frames = stepper.frames().size();
        assertEquals(4, frames, "seed, two steps, done");
        List<String> expected = new ArrayList<>();
        expected.add("display " + id + " image/svg+xml");
        for (int k = 1; k < frames; k++) {
            expected.add("update " + id + " image/svg+xml");
        }
        expected.add("update " + id + " text/html");
        assertEquals(expected, sent);
        for (int k = 0; k < frames; k++) {
            assertEquals(stepper.frames().get(k).markup(), bundles.get(k).data().get("image/svg+xml"));
        }
        String html = bundles.get(frames).data().get("text/html");
        assertEquals(frames, html.split("class=\"gf-frame\"", -1).length - 1, "every frame in the saved output");
        assertTrue(html.contains("x.grad += y * m.grad = 3 * 1 = 3, now x.grad = 1 + 3 = 4"), "the rule as a caption");
    }

    @Test
    void badPacesAndEmptyFrameListsFailClearly() {
        Notebook.bind(recorder, DefaultRenderers.create());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebook.animate(List.of(), 10));
        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Notebook.animate(List.of("a"), -5));
        assertTrue(e.getMessage().contains("-5 ms"), e.getMessage());
        assertTrue(sent.isEmpty());
    }
}
