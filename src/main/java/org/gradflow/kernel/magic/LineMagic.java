package org.gradflow.kernel.magic;

import org.gradflow.kernel.CellResult;

/** A magic written on one line: {@code %name arguments}. */
public interface LineMagic {

    /** The name after {@code %}. */
    String name();

    /**
     * Runs the magic. {@code args} keep their place in the cell (leading blank lines and spaces), so Java
     * code in them reports errors at the right line and column; strip them to parse words.
     */
    CellResult run(String args, MagicContext context) throws MagicException;
}
