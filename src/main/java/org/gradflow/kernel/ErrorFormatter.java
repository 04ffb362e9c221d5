package org.gradflow.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/**
 * Turns JShell's diagnostics and exceptions into errors a student can read: compile errors show the
 * cell line with a caret under the column; runtime exceptions show only the frames of the student's
 * code (JShell drops the kernel's) with cell numbers and lines.
 */
final class ErrorFormatter {

    /** The cell and the line within it where a snippet begins (0-based). */
    record Where(String cell, int firstLine) {
    }

    private static final String RED = "\u001b[1;31m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";
    private static final String HEAP_ADVICE = "Every earlier definition is kept; set variables holding large data to "
            + "null (for example: big = null;) or restart the kernel to free memory. A larger heap: "
            + "GRADFLOW_JAVA_OPTS=-Xmx4g in the environment of Jupyter.";

    /** A compile error: each diagnostic with its line and a caret under the column. */
    CellError compile(List<Diag> diags, String source, String code, int start, String cell) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag diag : diags) {
            long pos = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
            int at = (int) Math.max(0, Math.min(code.length(), start + Math.max(0, Math.min(pos, source.length()))));
            int lineStart = code.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = code.indexOf('\n', at);
            String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
            int lineNumber = Evaluator.lineOf(code, lineStart) + 1;
            int column = at - lineStart;
            String message = diag.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse("compile error");
            }
            lines.add(RED + "Compile error" + RESET + " in cell " + cell + ", line " + lineNumber
                    + ", column " + (column + 1) + ": " + message.lines().findFirst().orElse(""));
            message.lines().skip(1).filter(l -> !l.isBlank() && !l.strip().equals("location: class"))
                    .forEach(lines::add);
            lines.add("    " + line);
            lines.add("    " + caretPad(line, column) + RED + "^" + RESET);
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(RED + "Compile error" + RESET + " in cell " + cell + ": " + first);
        }
        return new CellError("CompileError", first, lines);
    }

    /** A runtime exception with the frames of cell code, and its causes. */
    CellError runtime(EvalException exception, Function<String, Where> places) {
        List<String> lines = new ArrayList<>();
        String name = readable(exception.getExceptionClassName());
        boolean exit = name.equals(CellGuard.ExitAttemptError.class.getName());
        String message = exception.getMessage() == null ? "" : readable(exception.getMessage());
        lines.add(RED + (exit ? "ExitBlocked" : name) + RESET + (message.isEmpty() ? "" : ": " + message));
        String hint = hint(name);
        frames(exception.getStackTrace(), places, lines);
        Throwable cause = exception.getCause();
        while (cause instanceof EvalException) {
            EvalException inner = (EvalException) cause;
            lines.add("Caused by: " + readable(inner.getExceptionClassName())
                    + (inner.getMessage() == null ? "" : ": " + readable(inner.getMessage())));
            frames(inner.getStackTrace(), places, lines);
            cause = inner.getCause();
        }
        if (!hint.isEmpty()) {
            lines.add(CYAN + hint + RESET);
        }
        if (exit) {
            return new CellError("ExitBlocked", message, lines);
        }
        return new CellError(name, message, lines);
    }

    /** The heap filled up outside cell code (while compiling or loading the cell). */
    CellError outOfMemory() {
        String message = "the kernel's heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB) is full; variables of earlier cells may hold large data";
        return new CellError(OutOfMemoryError.class.getName(), message, List.of(RED + "OutOfMemoryError" + RESET + ": "
                + message, CYAN + HEAP_ADVICE + RESET));
    }

    /** The error of an interrupted cell. */
    CellError interrupted() {
        return CellError.of("Interrupted", "Interrupted", "the cell was interrupted; everything defined before it is kept");
    }

    /** A call to a method or class that cannot be used yet; {@code why} says until what. */
    CellError unresolved(String what, String why) {
        return CellError.of("UnresolvedReference", "Unresolved reference", what + " " + why);
    }

    /** A failure of the evaluation engine itself. */
    CellError internal(Exception e) {
        return CellError.of("KernelError", "Kernel error", "the evaluation engine failed: " + e.getMessage());
    }

    /** A snippet named the way a student wrote it: {@code method f}, {@code class Point}, {@code variable x}. */
    static String describe(Snippet snippet) {
        if (snippet instanceof MethodSnippet) {
            return "method " + ((MethodSnippet) snippet).name() + "(" + ((MethodSnippet) snippet).parameterTypes() + ")";
        }
        if (snippet instanceof TypeDeclSnippet) {
            return "type " + ((TypeDeclSnippet) snippet).name();
        }
        if (snippet instanceof VarSnippet) {
            return "variable " + ((VarSnippet) snippet).name();
        }
        return "snippet " + snippet.source().strip();
    }

    private static void frames(StackTraceElement[] stack, Function<String, Where> places, List<String> lines) {
        String previous = null;
        int repeats = 0;
        for (StackTraceElement element : stack) {
            if (element.getClassName().equals(CellGuard.class.getName())) {
                continue;
            }
            String line = "    at " + frame(element, places);
            if (line.equals(previous)) {
                repeats++;
                continue;
            }
            if (repeats > 0) {
                lines.add("    ... the line above repeats " + repeats + " more times");
                repeats = 0;
            }
            lines.add(line);
            previous = line;
        }
        if (repeats > 0) {
            lines.add("    ... the line above repeats " + repeats + " more times");
        }
    }

    private static String frame(StackTraceElement element, Function<String, Where> places) {
        String file = element.getFileName();
        if (file != null && file.startsWith("#")) {
            Where where = places.apply(file.substring(1));
            String method = element.getMethodName();
            String klass = readable(element.getClassName());
            String name = (klass.isEmpty() ? "" : klass + ".") + method;
            String place = where == null ? "snippet " + file
                    : "cell " + where.cell() + ", line " + (where.firstLine() + element.getLineNumber());
            return name.isEmpty() ? place : name + " (" + place + ")";
        }
        return element.toString();
    }

    /**
     * A message or class name with JShell's wrapper names taken out: {@code REPL.$JShell$25.s} (a cell's
     * variable) becomes {@code s}, {@code REPL.$JShell$12$Point} (a cell's class) becomes {@code Point}.
     */
    static String readable(String text) {
        return WRAPPER.matcher(text).replaceAll("");
    }

    private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("\\bREPL\\.\\$JShell\\$\\d+[A-Z]?[.$]");

    private static String hint(String exceptionClass) {
        switch (exceptionClass) {
            case "java.lang.OutOfMemoryError":
                return "The cell ran out of memory: the kernel's heap holds at most "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB. " + HEAP_ADVICE;
            case "java.lang.StackOverflowError":
                return "The call stack overflowed: does a recursive method miss its base case? "
                        + "Every earlier definition is kept.";
            default:
                return "";
        }
    }

    private static String caretPad(String line, int column) {
        StringBuilder pad = new StringBuilder();
        for (int i = 0; i < column && i < line.length(); i++) {
            pad.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return pad.toString();
    }
}
