package org.gradflow.train;

/**
 * Told about every step and epoch while training runs, e.g. to update a progress bar in a notebook.
 * Both methods do nothing unless overridden; they run on the training thread, so keep them quick.
 */
public interface TrainingListener {

    /** Called after every parameter update. */
    default void onStep(History.Step step) {
    }

    /** Called after every epoch, once the validation loss is known. */
    default void onEpoch(History.Epoch epoch) {
    }
}
