package org.gradflow.kernel.magic;

import org.gradflow.kernel.CellResult;

/** A magic that takes the whole cell: first line {@code %%name arguments}, then the body. */
public interface CellMagic {

    /** The name after {@code %%}. */
    String name();

    /** Runs the magic; {@code body} keeps its place in the cell (the first line is blank). */
    CellResult run(String args, String body, MagicContext context) throws MagicException;
}
