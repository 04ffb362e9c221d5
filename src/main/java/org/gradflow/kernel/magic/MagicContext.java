package org.gradflow.kernel.magic;

import java.nio.file.Path;
import org.gradflow.kernel.CellResult;

/** What a magic may do in the kernel. */
public interface MagicContext {

    /** Evaluates Java code as part of the current cell. */
    CellResult eval(String code);

    /** Adds jars or class directories to the class path of later cells. */
    void addToClasspath(String path);

    /** The directory relative paths are resolved against (the notebook's, where Jupyter starts the kernel). */
    Path workingDirectory();
}
