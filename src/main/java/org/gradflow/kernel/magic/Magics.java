package org.gradflow.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gradflow.kernel.CellError;
import org.gradflow.kernel.CellResult;

/**
 * The magics and the reading of a cell: a first line {@code %%name args} hands the cell to a cell magic;
 * otherwise each line starting with {@code %name} runs a line magic, in order with the Java code around it.
 * Code keeps its line numbers (magic lines become blank lines), so errors point at the right line.
 */
public final class Magics {

    private static final Pattern LINE = Pattern.compile("^(\\s*)%(\\w+)(.*)$");
    private static final Pattern CELL = Pattern.compile("^\\s*%%(\\w+)(.*)$");

    private final Map<String, LineMagic> lineMagics = new TreeMap<>();
    private final Map<String, CellMagic> cellMagics = new TreeMap<>();

    /** The kernel's magics: {@code %classpath}, {@code %jars}, {@code %load}, {@code %time}, {@code %%time}. */
    public static Magics standard() {
        return new Magics().register(new ClasspathMagic("classpath")).register(new ClasspathMagic("jars"))
                .register(new LoadMagic()).register(new TimeMagic()).register(new TimeCellMagic());
    }

    /** Adds a line magic. */
    public Magics register(LineMagic magic) {
        lineMagics.put(magic.name(), magic);
        return this;
    }

    /** Adds a cell magic. */
    public Magics register(CellMagic magic) {
        cellMagics.put(magic.name(), magic);
        return this;
    }

    /** Whether the cell uses any magic. */
    public static boolean hasMagic(String cell) {
        return cell.lines().anyMatch(l -> LINE.matcher(l).matches() || CELL.matcher(l).matches());
    }

    /** The cell with every magic line turned into spaces (same length), for reading it as Java. */
    public static String blankMagicLines(String cell) {
        StringBuilder out = new StringBuilder(cell.length());
        int start = 0;
        while (start <= cell.length()) {
            int end = cell.indexOf('\n', start);
            String line = cell.substring(start, end < 0 ? cell.length() : end);
            out.append(LINE.matcher(line).matches() || CELL.matcher(line).matches() ? " ".repeat(line.length()) : line);
            if (end < 0) {
                break;
            }
            out.append('\n');
            start = end + 1;
        }
        return out.toString();
    }

    /** Runs a cell: its magics, and its code through {@code context.eval}. */
    public CellResult run(String cell, MagicContext context) {
        List<String> lines = cell.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        try {
            if (first < lines.size()) {
                Matcher cellMatch = CELL.matcher(lines.get(first));
                if (cellMatch.matches()) {
                    CellMagic magic = cellMagics.get(cellMatch.group(1));
                    if (magic == null) {
                        throw unknown("%%" + cellMatch.group(1), cellMagics.keySet(), "%%");
                    }
                    String body = "\n".repeat(first + 1) + String.join("\n", lines.subList(first + 1, lines.size()));
                    return magic.run(cellMatch.group(2), body, context);
                }
            }
            CellResult result = CellResult.empty();
            int codeStart = 0;
            for (int i = 0; i <= lines.size(); i++) {
                Matcher lineMatch = i < lines.size() ? LINE.matcher(lines.get(i)) : null;
                if (lineMatch != null && !lineMatch.matches()) {
                    continue;
                }
                if (i > codeStart) {
                    String code = "\n".repeat(codeStart) + String.join("\n", lines.subList(codeStart, i));
                    if (!code.isBlank()) {
                        result = context.eval(code);
                        if (result.failed()) {
                            return result;
                        }
                    }
                }
                if (lineMatch != null) {
                    LineMagic magic = lineMagics.get(lineMatch.group(2));
                    if (magic == null) {
                        throw unknown("%" + lineMatch.group(2), lineMagics.keySet(), "%");
                    }
                    String args = "\n".repeat(i) + " ".repeat(lineMatch.end(2)) + lineMatch.group(3);
                    result = magic.run(args, context);
                    if (result.failed()) {
                        return result;
                    }
                }
                codeStart = i + 1;
            }
            return result;
        } catch (MagicException e) {
            return CellResult.error(CellError.of("MagicError", "Magic error", e.getMessage()));
        }
    }

    private static MagicException unknown(String name, Iterable<String> known, String prefix) {
        List<String> names = new ArrayList<>();
        known.forEach(n -> names.add(prefix + n));
        return new MagicException("unknown magic " + name + "; the kernel knows " + String.join(", ", names));
    }
}
