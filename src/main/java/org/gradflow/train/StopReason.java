package org.gradflow.train;

/** Why a training run ended. */
public enum StopReason {

    /** Every requested epoch ran. */
    EPOCHS_DONE("ran every epoch"),

    /** The validation loss dropped below the threshold set with {@link Trainer.Builder#stopBelow(double)}. */
    VALIDATION_BELOW_THRESHOLD("validation loss fell below the threshold"),

    /** The validation loss did not improve for the patience set with {@link Trainer.Builder#earlyStopping(int)}. */
    NO_IMPROVEMENT("validation loss stopped improving"),

    /** The parameters diverged: a loss or a pre-activation overflowed (the learning rate is usually too large). */
    DIVERGED("diverged: the loss or the parameters overflowed");

    private final String meaning;

    StopReason(String meaning) {
        this.meaning = meaning;
    }

    /** A short sentence for reports. */
    public String meaning() {
        return meaning;
    }
}
