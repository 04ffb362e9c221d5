package org.gradflow.kernel.display;

import jdk.jshell.execution.DirectExecutionControl;

/** Borrows JShell's own text rendering of values (quoted strings, listed arrays). */
final class JShellText extends DirectExecutionControl {

    private JShellText() {
    }

    static String of(Object value) {
        return valueString(value);
    }
}
