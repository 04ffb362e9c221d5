package org.gradflow.kernel.magic;

/** A magic could not do what it was asked; the message says why and what to do. */
public final class MagicException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with a message for the notebook. */
    public MagicException(String message) {
        super(message);
    }
}
