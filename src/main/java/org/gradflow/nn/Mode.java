package org.gradflow.nn;

/**
 * Which function a layer computes in a forward pass. Only layers with state ({@link BatchNorm}) tell the modes
 * apart; the model ({@link Sequential}) chooses the mode, never the caller of a training step or a gradient check.
 */
public enum Mode {
    /** The function being trained (BatchNorm: the batch's own statistics), and running statistics move. */
    TRAINING,
    /** The same function as {@link #TRAINING}, but nothing moves: for gradient checks and loss probes. */
    CHECKING,
    /** The function used after training (BatchNorm: the running averages); nothing moves. */
    INFERENCE
}
