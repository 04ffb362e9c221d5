package org.gradflow.kernel.magic;

import java.util.Locale;
import org.gradflow.kernel.CellResult;

/** {@code %time expression-or-statement}: runs the rest of the line and prints the wall-clock time. */
public final class TimeMagic implements LineMagic {

    @Override
    public String name() {
        return "time";
    }

    @Override
    public CellResult run(String args, MagicContext context) throws MagicException {
        if (args.isBlank()) {
            throw new MagicException("%time needs code to time, e.g. %time train(network, 100)");
        }
        return timed(() -> context.eval(args));
    }

    /** Runs {@code work} and prints {@code Wall time: ...} to the cell's output. */
    static CellResult timed(java.util.function.Supplier<CellResult> work) {
        long start = System.nanoTime();
        CellResult result = work.get();
        System.out.println("Wall time: " + format(System.nanoTime() - start));
        return result;
    }

    /** A duration in the unit that reads best: {@code 850 µs}, {@code 12.3 ms}, {@code 4.21 s}. */
    static String format(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f \u00b5s", nanos / 1e3);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
