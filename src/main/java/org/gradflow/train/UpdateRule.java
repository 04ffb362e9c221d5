package org.gradflow.train;

/**
 * How one batch's gradient becomes a parameter update.
 *
 * <p>The gradient is computed at one point: it tells how to change each parameter assuming every other
 * parameter stays where it is. Updating all layers from that one gradient is the standard; updating one layer
 * and re-computing the gradient before the next is a different algorithm, which costs a forward and a
 * backward pass per layer.
 */
public enum UpdateRule {

    /** One forward and one backward pass, then every layer moves at once: {@code phi <- phi - lr grad L(phi)}. */
    SIMULTANEOUS,

    /**
     * Layer by layer from the output back to the input: update {@code W(R+1), b(R+1)}, then run forward and
     * backward again at the new parameters to get the gradient for layer {@code R}, update it, and so on down
     * to layer 1. Costs {@code R+1} forward and {@code R+1} backward passes per batch.
     */
    LAYER_BY_LAYER
}
