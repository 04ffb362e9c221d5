package org.gradflow.kernel;

import java.util.Locale;
import org.gradflow.kernel.display.DisplayId;
import org.gradflow.viz.Tables;

/**
 * A progress bar that redraws in place (through {@code update_display_data}), for training loops:
 * <pre>{@code
 * var bar = progress("epochs", 100);
 * for (int epoch = 0; epoch < 100; epoch++) { ...; bar.step("loss " + loss); }
 * }</pre>
 * Redraws at most every {@value #REDRAW_MS} ms, and always when the bar completes.
 */
public final class Progress {

    /** The shortest time between two redraws, in milliseconds. */
    public static final long REDRAW_MS = 100;
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;
    private String note = "";
    private DisplayId id;
    private long lastDrawNanos;

    Progress(String label, long total) {
        if (total <= 0) {
            throw new IllegalArgumentException("progress: total must be positive, got " + total);
        }
        this.label = label == null ? "" : label;
        this.total = total;
    }

    /** Shows the bar (done by {@link Notebook#progress}). */
    Progress show() {
        id = Notebook.display(this);
        lastDrawNanos = System.nanoTime();
        return this;
    }

    /** One more unit done. */
    public Progress step() {
        return update(done + 1, note);
    }

    /** One more unit done, with a note such as the current loss. */
    public Progress step(String note) {
        return update(done + 1, note);
    }

    /** Sets how many units are done (clamped to 0..total). */
    public Progress update(long done) {
        return update(done, note);
    }

    /** Sets how many units are done and the note. */
    public synchronized Progress update(long done, String note) {
        this.done = Math.max(0, Math.min(total, done));
        this.note = note == null ? "" : note;
        long now = System.nanoTime();
        if (id != null && (this.done == total || now - lastDrawNanos >= REDRAW_MS * 1_000_000)) {
            lastDrawNanos = now;
            Notebook.updateDisplay(id, this);
        }
        return this;
    }

    /** Units done. */
    public synchronized long done() {
        return done;
    }

    /** Units in all. */
    public long total() {
        return total;
    }

    /** The bar as HTML: a {@code <progress>} element and the counts. */
    public synchronized String toHtml() {
        return "<div style=\"font-family:monospace\">" + Tables.escape(label) + " <progress value=\"" + done
                + "\" max=\"" + total + "\" style=\"width:20em\"></progress> " + counts()
                + (note.isEmpty() ? "" : " &middot; " + Tables.escape(note)) + "</div>";
    }

    /** The bar as text: {@code epochs [#########.....] 30/50 (60%) 1.2 s, loss 0.31}. */
    @Override
    public synchronized String toString() {
        int filled = (int) (WIDTH * done / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + counts()
                + (note.isEmpty() ? "" : ", " + note);
    }

    private String counts() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return done + "/" + total + " (" + (100 * done / total) + "%) " + String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
