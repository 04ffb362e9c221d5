package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gradflow.tensor.Matrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cells evaluated by the kernel's JShell evaluator, in the test JVM. */
class EvaluatorTest {

    private static Evaluator evaluator;
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start() {
        evaluator = Evaluator.create();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
        LATER.shutdownNow();
    }

    private static CellResult eval(String code) {
        return evaluator.eval(code, "[t]");
    }

    /** What is written to {@code System.err} while {@code action} runs (the kernel's warnings go there). */
    private static String standardErrorWhile(Runnable action) {
        PrintStream saved = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String stripAnsi(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /** One round of a long lab: an expression, a redrawn variable, a print, a redefinition, an error. */
    private static void labRound(int i) {
        assertEquals(Math.sqrt(i) * 2, eval("Math.sqrt(" + i + ") * 2").value());
        eval("var drawing = new StringBuilder(\"c" + i + "\");\ndrawing.append(" + i + ");\ndrawing");
        eval("System.out.println(\"line \" + " + i + ");");
        eval("int lab" + (i % 5) + "(int x) { return x + " + i + "; }\nint labValue" + (i % 5) + " = lab" + (i % 5) + "(1);");
        assertTrue(eval("Integer.parseInt(\"not a number " + i + "\")").failed());
        eval("List.of(" + i + ", " + i + " + 1)");
    }

    @Test
    void aLongSessionKeepsABoundedNumberOfSnippetRecords() {
        for (int i = 0; i < 40; i++) {
            labRound(i);
        }
        int[] before = evaluator.sessionSize();
        assertTrue(before[0] >= 0 && before[1] >= 0, "the janitor cannot reach JShell's records (the test JVM needs"
                + " --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED, as the kernel has)");
        for (int i = 40; i < 240; i++) {
            labRound(i);
        }
        int[] after = evaluator.sessionSize();
        // 200 rounds (1,200 cells, about 2,400 snippets) later: only what is still in force is kept.
        assertTrue(after[0] <= before[0] + 10, "JShell's snippet records grew from " + before[0] + " to " + after[0]);
        assertTrue(after[1] <= before[1] + 2 * SnippetJanitor.SWEEP_EVERY * 10,
                "JShell's index of names grew from " + before[1] + " to " + after[1]);
        // What is in force still works: the latest definitions and the redrawn variable.
        assertEquals(239 + 1, eval("labValue4").value());
        assertEquals(239 + 5, eval("lab4(5)").value());
        assertEquals("c239239", eval("drawing.toString()").value());
    }

    @Test
    void theCompilerIsRenewedOnlyWhenDueAndEarlierDeclarationsStillCompileAfterIt() {
        try (Evaluator fresh = Evaluator.create()) {
            fresh.eval("import java.util.function.IntUnaryOperator;", "[1]");
            fresh.eval("interface Shape { double area(); }\nrecord Square(double side) implements Shape {"
                    + " public double area() { return side * side; } }", "[2]");
            fresh.eval("enum Colour { RED, GREEN }\n<T> java.util.List<T> twice(T t) { return java.util.List.of(t, t); }", "[3]");
            fresh.eval("IntUnaryOperator inc = x -> x + 1;\nint base = 40;", "[4]");
            assertFalse(fresh.renewCompilerIfDue(Evaluator.RENEW_COMPILER_AFTER), "renewed after 7 snippets");
            assertTrue(fresh.renewCompilerIfDue(7), "not renewed after 7 snippets (JShell's TaskFactory.initTaskPool"
                    + " cannot be reached: the test JVM needs --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED)");
            assertFalse(fresh.renewCompilerIfDue(1), "renewed again with no snippet run since");
            // Every kind of declaration made before the renewal still compiles and runs after it.
            assertEquals(42, fresh.eval("inc.applyAsInt(base) + 1", "[5]").value());
            assertEquals(9.0, fresh.eval("Shape s = new Square(3);\ns.area()", "[6]").value());
            assertTrue(fresh.renewCompilerIfDue(3));
            assertEquals("[GREEN, GREEN]", fresh.eval("twice(Colour.GREEN).toString()", "[7]").value());
            CellResult wrong = fresh.eval("Square q = new Square(\"three\");", "[8]");
            assertTrue(wrong.failed() && wrong.error().evalue().contains("String cannot be converted to double"),
                    wrong.error().evalue());
        }
    }

    @Test
    void theClassesOfACellNoLaterCellCanUseAreUnloaded() throws InterruptedException {
        java.lang.ref.WeakReference<Class<?>> anonymous =
                new java.lang.ref.WeakReference<>((Class<?>) eval("new Object() { }.getClass()").value());
        assertTrue(anonymous.get() != null && anonymous.get().getName().contains("JShell"));
        for (int i = 0; i < 20 && anonymous.get() != null; i++) {
            System.gc();
            Thread.sleep(50);
        }
        assertEquals(null, anonymous.get(), "the class of a cell that ran and is forgotten is still loaded");
    }

    @Test
    void classesMethodsAndVariablesOfEarlierCellsStayUsableFromLaterOnes() {
        eval("class Counter { private int n; protected int step = 2; int next() { n += step; return n; }\n"
                + "  static int twice(int x) { return 2 * x; } }");
        eval("var counter = new Counter();");
        eval("interface Shape { double area(); }\nrecord Square(double side) implements Shape {"
                + " public double area() { return side * side; } }");
        assertEquals(2, eval("counter.next()").value());
        assertEquals(4, eval("counter.next()").value());
        assertEquals(14, eval("Counter.twice(7)").value());
        assertEquals(9.0, eval("Shape s = new Square(3);\ns.area()").value());
        assertEquals(5, eval("counter.step = 5;\ncounter.step").value());
        assertEquals(9, eval("counter.next()").value());
        assertEquals(3, eval("class Sub extends Counter { int next() { return super.next() - 6; } }\nnew Sub().next() + 7").value());
    }

    @Test
    void theLastExpressionOfACellIsItsValue() {
        CellResult result = eval("int a = 2;\nint b = 3;\na * b");
        assertTrue(result.hasValue());
        assertEquals(6, result.value());
    }

    @Test
    void declarationsPersistAcrossCells() {
        eval("import java.util.function.IntUnaryOperator;\nint offset = 10;\nint shift(int x) { return x + offset; }\n"
                + "class Box { int v; Box(int v) { this.v = v; } }");
        CellResult result = eval("IntUnaryOperator f = x -> shift(x);\nnew Box(f.applyAsInt(5)).v");
        assertEquals(15, result.value());
    }

    @Test
    void valuesStayObjectsForRendering() {
        CellResult result = eval("org.gradflow.tensor.Matrix.zeros(2, 3)");
        assertTrue(result.value() instanceof Matrix);
        assertEquals(3, ((Matrix) result.value()).cols());
    }

    @Test
    void statementsAndDeclarationsHaveNoValueButNullExpressionsDo() {
        assertFalse(eval("int unused = 4;").hasValue());
        assertFalse(eval("unused = 5").hasValue());
        assertFalse(eval("System.out.print(\"\")").hasValue());
        CellResult nothing = eval("(String) null");
        assertTrue(nothing.hasValue());
        assertEquals(null, nothing.value());
    }

    @Test
    void outputGoesToSystemOutWhileTheCellRuns() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            eval("for (int i = 0; i < 3; i++) System.out.print(i);");
        } finally {
            System.setOut(saved);
        }
        assertEquals("012", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void compileErrorsNameTheLineAndPutACaretUnderTheColumn() {
        CellResult result = eval("int ok = 1;\n\n  int bad = ok + nowhere;");
        assertTrue(result.failed());
        assertEquals("CompileError", result.error().ename());
        List<String> lines = result.error().traceback().stream().map(EvaluatorTest::stripAnsi).toList();
        assertTrue(lines.get(0).contains("line 3, column 18"), lines.get(0));
        int code = lines.indexOf("      int bad = ok + nowhere;");
        assertEquals(lines.get(code).indexOf("nowhere"), lines.get(code + 1).indexOf('^'));
    }

    @Test
    void runtimeErrorsShowOnlyCellFramesWithCellLines() {
        eval("double ratio(int n) {\n  int[] a = new int[1];\n  return a[n];\n}");
        CellResult result = evaluator.eval("int i = 3;\n\nratio(i)", "[9]");
        assertEquals("java.lang.ArrayIndexOutOfBoundsException", result.error().ename());
        String text = stripAnsi(result.error().toString());
        assertTrue(text.contains("at ratio (cell [t], line 3)"), text);
        assertTrue(text.contains("at cell [9], line 3"), text);
        assertFalse(text.contains("jdk.jshell") || text.contains("org.gradflow.kernel") || text.contains("reflect"), text);
    }

    @Test
    void aCellEndingInAStatementWithASemicolonShowsNoValue() {
        assertFalse(eval("System.out.printf(\"%s\", \"\");").hasValue());
        assertFalse(eval("int twice = 2;\nnew StringBuilder(\"returned\").append(twice);").hasValue());
        assertFalse(eval("twice + 1;").hasValue());
        assertFalse(eval("twice + 1; // a comment after the semicolon\n").hasValue());
        assertEquals(3, eval("twice + 1 // no semicolon\n").value());
        assertEquals("x2", eval("new StringBuilder(\"x\").append(twice).toString()").value());
        assertEquals("a;", eval("\"a;\" /* ; */").value());
        assertFalse(eval("\"a//\" + '/';").hasValue());
        assertTrue(Evaluator.endsWithSemicolon("x; // y;\n"));
        assertFalse(Evaluator.endsWithSemicolon("\"\"\"\n;\"\"\"\n"));
    }

    @Test
    void theKernelsOwnValueVariableIsGoneOnceTheValueIsTaken() {
        assertEquals(42, eval("6 * 7").value());
        CellResult later = eval(ValueForms.VALUE);
        assertTrue(later.failed() && later.error().evalue().contains("cannot find symbol"), later.toString());
    }

    @Test
    void callsWithOrWithoutASemicolonRunOnceAndShowNothingWhenVoid() {
        eval("int calls = 0;\nvoid bump() { calls++; }\nint bumped() { return ++calls; }");
        assertFalse(eval("bump()").hasValue());     // not an expression with a value: runs as written
        assertFalse(eval("bump();").hasValue());
        assertFalse(eval("bumped();").hasValue());
        assertEquals(4, eval("bumped()").value());
        assertEquals(4, eval("calls").value());
    }

    @Test
    void anUndeclaredNameIsACompileErrorAtItsOwnColumnNeverADeclarationWaitingForIt() {
        CellResult[] result = new CellResult[1];
        String warnings = standardErrorWhile(() -> result[0] = eval("int known = 1;\nknown + notDeclaredYet"));
        assertEquals("CompileError", result[0].error().ename());
        assertTrue(stripAnsi(result[0].error().traceback().get(0)).contains("line 2, column 9"), result[0].toString());
        assertEquals("", warnings);
    }

    @Test
    void aValueThatThrowsNamesTheLineOfTheThrowInTheCell() {
        String text = stripAnsi(evaluator.eval("int zero = 0;\nString s = \"x\";\nInteger.valueOf(10 / zero)", "[4]")
                .error().toString());
        assertTrue(text.contains("at cell [4], line 3"), text);
        text = stripAnsi(evaluator.eval("String nothing = null;\n\nnothing.length();", "[5]").error().toString());
        assertTrue(text.contains("at cell [5], line 3") && text.contains("\"nothing\" is null"), text);
    }

    @Test
    void exceptionLinesAreRightInABlockThatIsNotTheFirstStatement() {
        String cell = "int before = 1;\n"             // line 1
                + "// a comment\n"                   // line 2
                + "\n"                               // line 3
                + "for (int i = 0; i < 3; i++) {\n"  // line 4
                + "    if (i == 2) {\n"              // line 5
                + "        String s = null;\n"       // line 6
                + "        s.length();\n"            // line 7: the throw
                + "    }\n}";
        String text = stripAnsi(evaluator.eval(cell, "[5]").error().toString());
        assertTrue(text.contains("at cell [5], line 7"), text);
        String commented = "int other = 2;\n/* a block\n comment */ if (other == 2) {\n\n    throw new IllegalStateException(\"on 5\");\n}";
        text = stripAnsi(evaluator.eval(commented, "[6]").error().toString());
        assertTrue(text.contains("at cell [6], line 5"), text);
    }

    @Test
    void messagesNameTheStudentsVariablesNotJShellsWrappers() {
        eval("String nothing = null;\nclass Holder { String name; }");
        String text = stripAnsi(eval("nothing.length()").error().toString());
        assertTrue(text.contains("because \"nothing\" is null"), text);
        text = stripAnsi(eval("String local = null;\nint n = 0;\nfor (int i = 0; i < 1; i++) { String inner = null; n += inner.length(); }").error().toString());
        assertTrue(text.contains("because \"inner\" is null"), text);
        text = stripAnsi(eval("new Holder().name.length()").error().toString());
        assertTrue(text.contains("\"name\" is null") || text.contains("\"Holder.name\" is null"), text);
        assertFalse(text.contains("$JShell$") || text.contains("REPL."), text);
        text = stripAnsi(eval("Object h = new Holder();\nString bad = (String) h;").error().toString());
        assertFalse(text.contains("$JShell$") || text.contains("REPL."), text);
        assertTrue(text.contains("Holder"), text);
    }

    @Test
    void exceptionCausesAreShown() {
        CellResult result = eval("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));");
        String text = stripAnsi(result.error().toString());
        assertTrue(text.contains("Caused by: java.lang.IllegalStateException: inner"), text);
    }

    @Test
    void systemExitAndHaltBecomeErrorsAndStateIsKept() {
        eval("String keep = \"kept\";");
        for (String call : List.of("System.exit(2);", "Runtime.getRuntime().exit(1);", "Runtime.getRuntime().halt(0);",
                "Runnable r = () -> System.exit(5); r.run();")) {
            CellResult result = eval(call);
            assertEquals("ExitBlocked", result.error().ename(), call);
            String text = stripAnsi(result.error().toString());
            assertTrue(text.startsWith("ExitBlocked: ") && text.contains("at cell [t], line 1") && !text.contains("CellGuard"), text);
        }
        assertEquals("kept", eval("keep").value());
    }

    @Test
    void stackOverflowIsAnErrorWithACompactTrace() {
        eval("int deeper(int n) { return deeper(n + 1) + 1; }");
        CellResult result = eval("deeper(0)");
        assertEquals("java.lang.StackOverflowError", result.error().ename());
        assertTrue(result.error().traceback().size() < 10, result.error().toString());
        assertEquals(2, eval("1 + 1").value());
    }

    @Test
    void interruptStopsABusyLoopAndKeepsEarlierDefinitions() {
        eval("int before = 41;");
        LATER.schedule(evaluator::interrupt, 300, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        CellResult result = eval("long spins = 0;\nwhile (true) { spins++; }");
        assertEquals("Interrupted", result.error().ename());
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
        assertEquals(42, eval("before + 1").value());
    }

    @Test
    void interruptWakesASleepAndStopsLoopsThatSwallowIt() {
        LATER.schedule(evaluator::interrupt, 300, TimeUnit.MILLISECONDS);
        assertEquals("Interrupted", eval("Thread.sleep(60_000);").error().ename());
        LATER.schedule(evaluator::interrupt, 300, TimeUnit.MILLISECONDS);
        CellResult swallowed = eval("while (true) { try { Thread.sleep(20); } catch (InterruptedException e) { } }");
        assertEquals("Interrupted", swallowed.error().ename());
        assertEquals(3, eval("1 + 2").value());
    }

    @Test
    void jarsAddedLaterAreUsableAndTheirLoopsInterruptible(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path src = dir.resolve("src/lib/Spinner.java");
        java.nio.file.Files.createDirectories(src.getParent());
        java.nio.file.Files.writeString(src, "package lib;\npublic class Spinner {\n"
                + "  public static int triple(int x) { return 3 * x; }\n"
                + "  public static void spin() { long n = 0; while (n >= 0) { n = (n + 1) % 7; } }\n}\n");
        java.nio.file.Path classes = dir.resolve("classes");
        int status = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, null, "-d", classes.toString(), src.toString());
        assertEquals(0, status);
        java.nio.file.Path jar = dir.resolve("spinner.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("lib/Spinner.class"));
            out.write(java.nio.file.Files.readAllBytes(classes.resolve("lib/Spinner.class")));
            out.closeEntry();
        }
        evaluator.addToClasspath(jar.toString());
        assertEquals(21, eval("lib.Spinner.triple(7)").value());
        LATER.schedule(evaluator::interrupt, 300, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertEquals("Interrupted", eval("lib.Spinner.spin();").error().ename());
        // Well before the Thread.stop fallback (1 s after the interrupt, JDK 17 only): the woven check stopped it.
        assertTrue(System.nanoTime() - start < 1_200_000_000L);
    }

    @Test
    void interruptWithoutARunningCellDoesNothing() {
        evaluator.interrupt();
        assertEquals(4, eval("2 + 2").value());
    }

    @Test
    void aMethodUsingSomethingUndeclaredIsReportedWhenCalled() {
        eval("double later() { return Helper.value(); }");
        CellResult result = eval("later()");
        assertEquals("UnresolvedReference", result.error().ename());
        assertTrue(result.error().evalue().contains("Helper"), result.error().evalue());
    }

    @Test
    void aMethodKeptDespiteItsOwnErrorSaysWhichErrorNotABlankName() {
        String warning = standardErrorWhile(() -> eval("int overloaded(int a) { return overloaded(a, 1); }"));
        assertTrue(warning.contains("overloaded(int) is declared, but cannot be used until this error in it is fixed: "
                + "method overloaded in class"), warning);
        assertFalse(warning.contains("until  is declared"), warning);
        CellResult call = eval("overloaded(2)");
        assertEquals("UnresolvedReference", call.error().ename());
        assertTrue(call.error().evalue().contains("this error in it is fixed"), call.error().evalue());
    }

    @Test
    void startupSkipsImportsOfMissingPackages() {
        List<String> problems = evaluator.runStartup("import java.util.*;\nimport org.gradflow.nosuchpackage.*;\nimport java.time.*;");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("org.gradflow.nosuchpackage"));
        assertEquals(java.time.Duration.ofSeconds(3), eval("Duration.ofSeconds(3)").value());
    }

    @Test
    void completionOffersMembersAndWhereToInsertThem() {
        String code = "int k = 1;\nMath.sq";
        Evaluator.Completion completion = evaluator.complete(code, code.length());
        assertTrue(completion.matches().contains("sqrt("), completion.toString());
        assertEquals(code.length() - 2, completion.start());
        assertEquals(code.length(), completion.end());
    }

    @Test
    void completionListsPackagesFromTheClassIndexOnceAsked() throws InterruptedException {
        // JShell's index of packages and classes is held back until a completion asks for it (ClassIndexGate);
        // the first completion waits a second for it, and on a busy machine a later one lists them.
        String code = "import java.util.concu";
        List<String> matches = evaluator.complete(code, code.length()).matches();
        assertTrue(ClassIndexGate.isOpen());
        for (int i = 0; i < 20 && matches.stream().noneMatch(m -> m.startsWith("concurrent")); i++) {
            Thread.sleep(250);
            matches = evaluator.complete(code, code.length()).matches();
        }
        assertTrue(matches.stream().anyMatch(m -> m.startsWith("concurrent")), matches.toString());
    }

    @Test
    void completionListsTheClassesOwnMembersBeforeObjects() {
        String code = "var chain = new StringBuilder();\nchain.";
        List<String> matches = evaluator.complete(code, code.length()).matches();
        int append = matches.indexOf("append(");
        assertTrue(append >= 0, matches.toString());
        for (String inherited : List.of("equals(", "getClass()", "hashCode()", "notify()", "wait(")) {
            int at = matches.indexOf(inherited);
            assertTrue(at > append, inherited + " should come after the class's own members: " + matches);
        }
        assertTrue(matches.indexOf("reverse()") < matches.indexOf("equals("), matches.toString());
    }

    @Test
    void variablesDeclaredEarlierInTheSameCellComplete() {
        String code = "var sb = new StringBuilder();\nsb.rev";
        assertEquals(List.of("reverse()"), evaluator.complete(code, code.length()).matches());
    }

    @Test
    void inspectionGivesSignatures() {
        List<Evaluator.Documentation> docs = evaluator.inspect("Math.abs", 6);
        assertTrue(docs.stream().anyMatch(d -> d.signature().equals("int Math.abs(int a)")), docs.toString());
        String cell = "var sb = new StringBuilder();\nsb.reverse()";
        List<Evaluator.Documentation> mine = evaluator.inspect(cell, cell.indexOf("reverse") + 2);
        assertEquals(List.of("StringBuilder StringBuilder.reverse()"), mine.stream().map(Evaluator.Documentation::signature).toList());
    }

    @Test
    void completenessOfCode() {
        assertEquals("complete", evaluator.isComplete("int x = 1;\nx + 1"));
        assertEquals("incomplete", evaluator.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", evaluator.isComplete("String s = \"a\" +"));
        assertEquals("invalid", evaluator.isComplete("int x = 1; )"));
    }
}
