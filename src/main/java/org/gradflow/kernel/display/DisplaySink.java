package org.gradflow.kernel.display;

/** Where displayed outputs go: the kernel publishes them under the running cell. */
public interface DisplaySink {

    /** Shows a new output; {@code displayId} lets later updates replace it. */
    void display(MimeBundle bundle, String displayId);

    /** Replaces every output shown with {@code displayId}. */
    void update(MimeBundle bundle, String displayId);

    /** Shows a bundle in the front end's pager (a panel beside the notebook), as help texts are. */
    void page(MimeBundle bundle);

    /** Clears the cell's outputs; with {@code wait}, only when the next output arrives (no flicker). */
    void clear(boolean wait);
}
