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
        for (boolean magic : magicLines(cell.split("\n", -1))) {
            if (magic) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which lines are magic lines: those that look like {@code %name ...} or {@code %%name ...} and start in code,
     * not inside a text block or a block comment (where {@code %d items} is ordinary text).
     */
    static boolean[] magicLines(String[] lines) {
        boolean[] magic = new boolean[lines.length];
        boolean inTextBlock = false;
        boolean inComment = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            magic[i] = !inTextBlock && !inComment && (LINE.matcher(line).matches() || CELL.matcher(line).matches());
            if (magic[i]) {
                continue;
            }
            char quote = 0;
            for (int k = 0; k < line.length(); k++) {
                char c = line.charAt(k);
                if (inComment) {
                    if (line.startsWith("*/", k)) {
                        inComment = false;
                        k++;
                    }
                } else if (inTextBlock) {
                    if (c == '\\') {
                        k++;
                    } else if (line.startsWith("\"\"\"", k)) {
                        inTextBlock = false;
                        k += 2;
                    }
                } else if (quote != 0) {
                    if (c == '\\') {
                        k++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (line.startsWith("\"\"\"", k)) {
                    inTextBlock = true;
                    k += 2;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (line.startsWith("//", k)) {
                    break;
                } else if (line.startsWith("/*", k)) {
                    inComment = true;
                    k++;
                }
            }
        }
        return magic;
    }

    /** The cell with every magic line turned into spaces (same length), for reading it as Java. */
    public static String blankMagicLines(String cell) {
        String[] lines = cell.split("\n", -1);
        boolean[] magic = magicLines(lines);
        StringBuilder out = new StringBuilder(cell.length());
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(magic[i] ? " ".repeat(lines[i].length()) : lines[i]);
        }
        return out.toString();
    }

    /** Runs a cell: its magics, and its code through {@code context.eval}. */
    public CellResult run(String cell, MagicContext context) {
        List<String> lines = cell.lines().toList();
        boolean[] isMagic = magicLines(lines.toArray(String[]::new));
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        try {
            if (first < lines.size()) {
                Matcher cellMatch = CELL.matcher(lines.get(first));
                if (isMagic[first] && cellMatch.matches()) {
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
                if (lineMatch != null && !(isMagic[i] && lineMatch.matches())) {
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
