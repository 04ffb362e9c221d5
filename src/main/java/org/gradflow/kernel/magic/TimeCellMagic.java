package org.gradflow.kernel.magic;

import org.gradflow.kernel.CellResult;

/** {@code %%time} on the first line: runs the cell and prints the wall-clock time. */
public final class TimeCellMagic implements CellMagic {

    @Override
    public String name() {
        return "time";
    }

    @Override
    public CellResult run(String args, String body, MagicContext context) throws MagicException {
        if (!args.isBlank()) {
            throw new MagicException("%%time takes no arguments on its line, got: " + args.strip());
        }
        return TimeMagic.timed(() -> context.eval(body));
    }
}
