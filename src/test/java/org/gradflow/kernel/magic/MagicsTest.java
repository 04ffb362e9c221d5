package org.gradflow.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gradflow.kernel.CellResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading cells with magics, and each magic, against a recording context. */
class MagicsTest {

    @TempDir
    Path dir;

    /** Records what the magics asked of the kernel. */
    private final class Recorder implements MagicContext {
        final List<String> evaluated = new ArrayList<>();
        final List<String> added = new ArrayList<>();

        @Override
        public CellResult eval(String code) {
            evaluated.add(code);
            return code.contains("fail") ? CellResult.error(new org.gradflow.kernel.CellError("E", "failed", List.of("failed")))
                    : CellResult.value(code.strip());
        }

        @Override
        public void addToClasspath(String path) {
            added.add(path);
        }

        @Override
        public Path workingDirectory() {
            return dir;
        }
    }

    private static String captureOut(Runnable work) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void codeAroundLineMagicsKeepsItsLineNumbers() throws IOException {
        Files.createFile(dir.resolve("a.jar"));
        Recorder context = new Recorder();
        String out = captureOut(() -> Magics.standard().run("int x = 1;\n%jars a.jar\nx + 1", context));
        assertEquals(List.of("int x = 1;", "\n\nx + 1"), context.evaluated);
        assertEquals(List.of(dir.resolve("a.jar").toString()), context.added);
        assertTrue(out.contains("a.jar"));
    }

    @Test
    void percentLinesInsideTextBlocksAndCommentsAreJavaNotMagics() {
        String textBlock = "String s = \"\"\"\n    %d items\n    \"\"\".formatted(3);";
        String comment = "/* notes\n%time is a magic\n*/ int z = 1;";
        String afterBoth = textBlock + "\n" + comment + "\n%time z";
        assertFalse(Magics.hasMagic(textBlock));
        assertFalse(Magics.hasMagic(comment));
        assertTrue(Magics.hasMagic(afterBoth));
        assertEquals(textBlock, Magics.blankMagicLines(textBlock));
        Recorder context = new Recorder();
        CellResult result = Magics.standard().run(textBlock, context);
        assertFalse(result.failed());
        assertEquals(List.of(textBlock), context.evaluated);
        Recorder both = new Recorder();
        captureOut(() -> Magics.standard().run(afterBoth, both));
        assertEquals(2, both.evaluated.size(), both.evaluated.toString());
        assertTrue(both.evaluated.get(1).strip().equals("z"), both.evaluated.toString());
        // a quote or an apostrophe in a string or a char does not open anything
        assertTrue(Magics.hasMagic("char q = '\"'; String t = \"it's\";\n%time q"));
    }

    @Test
    void timeRunsItsLineAtItsPlaceAndPrintsTheTime() {
        Recorder context = new Recorder();
        String[] result = new String[1];
        String out = captureOut(() -> result[0] = (String) Magics.standard().run("int y = 2;\n%time y * 3", context).value());
        assertEquals("\n      y * 3", context.evaluated.get(1));
        assertEquals("y * 3", result[0]);
        assertTrue(out.matches("Wall time: [0-9.]+ (\u00b5s|ms|s)\\R"), out);
    }

    @Test
    void cellTimeRunsTheBodyBelowItsLine() {
        Recorder context = new Recorder();
        String out = captureOut(() -> Magics.standard().run("%%time\nint z = 3;\nz", context));
        assertEquals(List.of("\nint z = 3;\nz"), context.evaluated);
        assertTrue(out.startsWith("Wall time"));
    }

    @Test
    void aFailingSegmentStopsTheCell() {
        Recorder context = new Recorder();
        CellResult result = Magics.standard().run("fail();\n%time 1", context);
        assertTrue(result.failed());
        assertEquals(1, context.evaluated.size());
    }

    @Test
    void jarGlobsResolveSortedAndMissingFilesFail() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.createFile(dir.resolve("lib/b.jar"));
        Files.createFile(dir.resolve("lib/a.jar"));
        Files.createFile(dir.resolve("lib/notes.txt"));
        Recorder context = new Recorder();
        captureOut(() -> Magics.standard().run("%classpath lib/*.jar", context));
        assertEquals(List.of(dir.resolve("lib/a.jar") + java.io.File.pathSeparator + dir.resolve("lib/b.jar")), context.added);
        CellResult missing = Magics.standard().run("%jars lib/*.zip", context);
        assertEquals("MagicError", missing.error().ename());
        assertTrue(missing.error().evalue().contains("nothing matches *.zip"), missing.error().evalue());
        assertTrue(Magics.standard().run("%jars nowhere.jar", context).error().evalue().contains("no such file"));
    }

    @Test
    void loadEvaluatesAScriptFile() throws IOException {
        Files.writeString(dir.resolve("helpers.jsh"), "int twice(int x) { return 2 * x; }\n");
        Recorder context = new Recorder();
        Magics.standard().run("%load helpers.jsh", context);
        assertEquals(List.of("int twice(int x) { return 2 * x; }\n"), context.evaluated);
        assertTrue(Magics.standard().run("%load missing.jsh", context).error().evalue().contains("no file"));
    }

    @Test
    void magicLinesBlankToSpacesOfTheSameLength() {
        String cell = "%%time\nint a = 1;\n  %jars x.jar\na";
        String blank = Magics.blankMagicLines(cell);
        assertEquals(cell.length(), blank.length());
        assertEquals("      \nint a = 1;\n             \na", blank);
    }

    @Test
    void unknownMagicsNameTheKnownOnes() {
        CellResult result = Magics.standard().run("%timeit 1 + 1", new Recorder());
        assertTrue(result.error().evalue().contains("unknown magic %timeit"), result.error().evalue());
        assertTrue(result.error().evalue().contains("%time"), result.error().evalue());
        assertTrue(Magics.standard().run("%%bash\nls", new Recorder()).error().evalue().contains("%%time"));
    }
}
