package org.gradflow.kernel;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.gradflow.kernel.display.DefaultRenderers;
import org.gradflow.kernel.display.DisplayId;
import org.gradflow.kernel.display.DisplaySink;
import org.gradflow.kernel.display.MimeBundle;
import org.gradflow.kernel.display.Renderers;
import org.gradflow.viz.BackwardStepper;

/**
 * What cells call to show things; the kernel's startup script imports these statically, so a cell
 * writes {@code display(chart)}, {@code updateDisplay(id, chart)}, {@code progress("epochs", 100)}.
 * Outside a kernel (plain Java) outputs are printed as text.
 */
public final class Notebook {

    private static volatile DisplaySink sink;
    private static volatile Renderers renderers = DefaultRenderers.create();

    private Notebook() {
    }

    /** Connects cells to a kernel's outputs and renderers (done once by the kernel). */
    static void bind(DisplaySink displays, Renderers registry) {
        sink = Objects.requireNonNull(displays, "Notebook.bind: sink is null");
        renderers = Objects.requireNonNull(registry, "Notebook.bind: renderers are null");
    }

    /** Disconnects cells from the kernel again (outputs are printed as text); for tests. */
    static void unbind() {
        sink = null;
        renderers = DefaultRenderers.create();
    }

    /** The renderers in use; register new value types here. */
    public static Renderers renderers() {
        return renderers;
    }

    /** Shows {@code value} as a new output (chart as PNG, table as HTML, ...); returns its id. */
    public static DisplayId display(Object value) {
        return show(renderers.render(value, null));
    }

    /** Shows {@code value} in the given MIME types, e.g. {@code display(chart, "image/svg+xml")}. */
    public static DisplayId display(Object value, String... mimeTypes) {
        return show(renderers.render(value, List.of(mimeTypes)));
    }

    /**
     * Raw output in one or more MIME types from pairs of type and content, shown as it is, e.g.
     * {@code display(bundle("text/html", "<b>hi</b>", "text/plain", "hi"))} or as a cell's last expression.
     * A single string can also be shown raw with {@code display("$x^2$", "text/latex")}.
     */
    public static MimeBundle bundle(String mime, String content, String... more) {
        return MimeBundle.of(mime, content, more);
    }

    /** Replaces the output {@code id} with {@code value}. */
    public static void updateDisplay(DisplayId id, Object value) {
        Objects.requireNonNull(id, "updateDisplay: id is null");
        MimeBundle bundle = renderers.render(value, null);
        send(bundle, target -> target.update(bundle, id.id()));
    }

    /** Replaces the output with id {@code id} (the text of a {@link DisplayId}) with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        updateDisplay(new DisplayId(id), value);
    }

    /**
     * Shows {@code frames} one after another in one output, redrawn in place every {@code millisPerFrame} ms
     * (an animation while the cell runs); returns the output's id. The output keeps the last frame.
     */
    public static DisplayId animate(List<?> frames, long millisPerFrame) {
        Objects.requireNonNull(frames, "animate: frames is null");
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("animate: no frames to show");
        }
        if (millisPerFrame < 0 || millisPerFrame > 60_000) {
            throw new IllegalArgumentException("animate: " + millisPerFrame + " ms per frame; choose between 0 and 60000");
        }
        DisplayId id = display(frames.get(0));
        for (Object frame : frames.subList(1, frames.size())) {
            pause(millisPerFrame);
            updateDisplay(id, frame);
        }
        return id;
    }

    /**
     * Plays the backward pass of {@code stepper} in place, one frame every {@code millisPerFrame} ms, then
     * leaves its Prev / Next / Play animation in the output, so the saved or exported notebook keeps every step.
     */
    public static DisplayId animate(BackwardStepper stepper, long millisPerFrame) {
        Objects.requireNonNull(stepper, "animate: stepper is null");
        DisplayId id = animate(stepper.frames(), millisPerFrame);
        pause(millisPerFrame);
        updateDisplay(id, stepper);
        return id;
    }

    /** Waits; an interrupt of the cell ends the wait (and the cell) at once. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("animate: interrupted", e);
        }
    }

    /** Shows a progress bar of {@code total} steps that redraws in place. */
    public static Progress progress(String label, long total) {
        return new Progress(label, total).show();
    }

    /** Shows {@code value} in the pager (the panel where Jupyter shows help) instead of under the cell. */
    public static void page(Object value) {
        MimeBundle bundle = renderers.render(value, null);
        send(bundle, target -> target.page(bundle));
    }

    /** Clears this cell's outputs. */
    public static void clearOutput() {
        DisplaySink target = sink;
        if (target != null) {
            target.clear(false);
        }
    }

    private static DisplayId show(MimeBundle bundle) {
        DisplayId id = new DisplayId(UUID.randomUUID().toString());
        send(bundle, target -> target.display(bundle, id.id()));
        return id;
    }

    /** Hands the bundle to the kernel; outside a kernel (no sink) prints its text instead. */
    private static void send(MimeBundle bundle, Consumer<DisplaySink> action) {
        DisplaySink target = sink;
        if (target == null) {
            System.out.println(bundle.data().get("text/plain"));
        } else {
            action.accept(target);
        }
    }
}
