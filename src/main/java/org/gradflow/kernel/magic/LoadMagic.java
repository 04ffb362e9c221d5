package org.gradflow.kernel.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gradflow.kernel.CellResult;

/** {@code %load file.jsh}: evaluates a JShell script (snippets, as in a cell). */
public final class LoadMagic implements LineMagic {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public CellResult run(String args, MagicContext context) throws MagicException {
        String name = args.strip();
        if (name.isEmpty()) {
            throw new MagicException("%load needs a file, e.g. %load helpers.jsh");
        }
        Path file = context.workingDirectory().resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no file " + file);
        }
        try {
            return context.eval(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MagicException("%load: cannot read " + file + ": " + e.getMessage());
        }
    }
}
