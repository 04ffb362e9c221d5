package org.gradflow.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates cells with JShell in the kernel's JVM: a cell is split into snippets, each evaluated in turn;
 * methods, classes, imports and variables persist across cells. The value of the cell's last expression
 * is kept as an object for rich display. All JShell work happens on one evaluation thread.
 */
public final class Evaluator implements AutoCloseable {

    /** Where a snippet's code sits: in which cell and from which line. */
    private record Place(String cell, int firstLine) {
    }

    /**
     * A snippet of a cell, its offset in the cell, and whether the student ended it with a semicolon
     * (a final expression shows its value only without one, as in other Java kernels).
     */
    record Piece(String source, int start, boolean terminated) {
        Piece(String source, int start) {
            this(source, start, false);
        }
    }

    /** Completion candidates replacing {@code code[start, end)}. */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** One documented symbol: its signature and Javadoc (empty when no sources are available). */
    public record Documentation(String signature, String javadoc) {
    }

    private static final long STACK_BYTES = 16L << 20;
    /** Completions of the members every object inherits from {@code Object} (toString is often the class's own). */
    private static final Set<String> OBJECT_MEMBERS = Set.of("equals(", "getClass()", "hashCode()", "notify()",
            "notifyAll()", "wait(", "wait()");
    /** Memory held back while cells run and given up when a cell fills the heap, so the kernel can still answer. */
    private static final int RESERVE_BYTES = 4 << 20;
    private static final long FORCE_STOP_AFTER_MS = 500;
    /** After an interrupt, how long a cell may take to end before the kernel says it cannot be stopped. */
    static final long STUCK_AFTER_MS = 1500;
    /** How often completion, inspection and is_complete look whether a cell took the evaluation thread. */
    private static final long QUERY_WAIT_MS = 300;
    /**
     * Snippets after which the next idle spell renews JShell's compiler contexts
     * ({@link SnippetJanitor#renewCompilerContexts}): each snippet leaves about 0.6 KB in them (live heap
     * +1.9 MB per 1,000 requests of a long lab). A renewal costs about 0.2 CPU-seconds at the next cell, so
     * it waits for 1,000 snippets (a lesson is a few hundred) and for an idle spell, whose full collection
     * then takes what the old contexts held at once instead of leaving it to pile up under work.
     */
    static final int RENEW_COMPILER_AFTER = 1000;

    private final ExecutorService thread;
    private final ScheduledExecutorService timer;
    private final GuardedExecutionControl control;
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final SnippetJanitor janitor;
    private final ErrorFormatter errors = new ErrorFormatter();
    private final Map<String, Place> places = new ConcurrentHashMap<>();
    /** Snippets run since JShell's compiler contexts were last renewed (on the evaluation thread). */
    private int snippetsSinceRenewal;
    private volatile boolean cellRunning;
    private byte[] reserve = new byte[RESERVE_BYTES];
    /** Counts cells, so a late forced stop never hits the cell after the interrupted one. */
    private final AtomicLong cells = new AtomicLong();
    /** When the running cell was interrupted ({@link System#nanoTime()}), or 0. */
    private volatile long interruptedAt;
    /** A cell that could not be stopped and still holds the evaluation thread, or null. */
    private volatile Future<?> stuck;
    private volatile String stuckCell = "";

    private Evaluator() {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "gradflow-cells", STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gradflow-interrupt");
            t.setDaemon(true);
            return t;
        });
        control = new GuardedExecutionControl(new SnippetLoader(Evaluator.class.getClassLoader()));
        JShell.Builder builder = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                // -g: local variable names, so that "because \"s\" is null" names the student's variable.
                .compilerOptions("-parameters", "-g");
        shell = onThread(builder::build);
        ClassIndexGate.close();
        analysis = shell.sourceCodeAnalysis();
        janitor = new SnippetJanitor(shell, control.loader());
    }

    /**
     * An evaluator whose cells see the JVM's class path (JShell's compiler reads {@code java.class.path}
     * and cell classes load through the application class loader); {@link #addToClasspath} adds to it.
     */
    public static Evaluator create() {
        return new Evaluator();
    }

    /**
     * Evaluates a startup script: each snippet that fails (for example an import of a package that is
     * not on the class path) is skipped and returned as a message, never shown in a cell.
     */
    public List<String> runStartup(String script) {
        return onThread(() -> {
            List<String> problems = new ArrayList<>();
            for (Piece piece : split(script)) {
                String missing = missingPackage(piece.source());
                if (missing != null) {
                    problems.add("no package " + missing + " on the class path, in: " + piece.source().strip());
                    continue;
                }
                CellResult result = evalPiece(piece, "startup", script);
                if (result.failed()) {
                    problems.add(result.error().evalue() + " in: " + piece.source().strip());
                }
            }
            return problems;
        });
    }

    /**
     * The package of an on-demand import ({@code import p.*;}) when no class path entry or JDK module
     * holds it, else null; checking costs far less than compiling the import.
     */
    private static String missingPackage(String snippet) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*import\\s+([\\w.]+)\\.\\*\\s*;\\s*")
                .matcher(snippet);
        if (!m.matches()) {
            return null;
        }
        String pkg = m.group(1);
        boolean inJdk = ModuleLayer.boot().modules().stream().anyMatch(module -> module.getPackages().contains(pkg));
        boolean onClassPath = Evaluator.class.getClassLoader().getResource(pkg.replace('.', '/') + "/") != null;
        return inJdk || onClassPath ? null : pkg;
    }

    /**
     * Evaluates a cell; {@code cell} names it in error messages (e.g. {@code [3]}). Blocks until the cell
     * ends or is interrupted.
     */
    public CellResult eval(String code, String cell) {
        if (isStuck()) {
            return CellResult.error(CellError.of("KernelStuck", "Kernel stuck", "cell " + stuckCell
                    + " could not be stopped and still runs, so no other cell can; restart the kernel"
                    + " (Kernel > Restart; definitions are lost)"));
        }
        interruptedAt = 0;
        Future<CellResult> running = thread.submit(() -> {
            CellGuard.reset();
            cells.incrementAndGet();
            CellGuard.forgetStartedProcesses();
            control.loader().newCell();
            cellRunning = true;
            refillReserve();
            try {
                CellResult last = CellResult.empty();
                for (Piece piece : split(code)) {
                    if (CellGuard.stopping()) {
                        return CellResult.error(errors.interrupted());
                    }
                    last = evalPiece(piece, cell, code);
                    if (piece.terminated() && last.hasValue()) {
                        last = CellResult.empty();
                    }
                    if (last.failed()) {
                        if (last.error().ename().equals(OutOfMemoryError.class.getName())) {
                            reserve = null;
                        }
                        return last;
                    }
                }
                // Interrupted, then ended by what the interrupt did (a process ended, a socket closed).
                return CellGuard.stopping() ? CellResult.error(errors.interrupted()) : last;
            } catch (OutOfMemoryError e) {
                // Thrown in JShell itself (compiling, loading), not in cell code: the heap is full.
                reserve = null;
                return CellResult.error(errors.outOfMemory());
            } finally {
                cellRunning = false;
                control.loader().newCell();  // the next cell's classes get a loader of their own
                // Library code woven by LibraryGuardAgent also runs outside cells (rendering, other threads).
                CellGuard.reset();
            }
        });
        return awaitCell(running, cell);
    }

    /**
     * Waits for a cell; once it was interrupted and has not ended {@value #STUCK_AFTER_MS} ms later
     * (a deadlock, native code), says so instead of waiting on: the cell's thread runs on and the
     * kernel refuses other cells until it ends or the kernel restarts.
     */
    private CellResult awaitCell(Future<CellResult> running, String cell) {
        while (true) {
            try {
                return running.get(50, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                long at = interruptedAt;
                if (at != 0 && System.nanoTime() - at > TimeUnit.MILLISECONDS.toNanos(STUCK_AFTER_MS)) {
                    stuck = running;
                    stuckCell = cell;
                    return CellResult.error(CellError.of("KernelStuck", "Cannot stop the cell",
                            "the interrupt did not end cell " + cell + ": " + control.describeCellThread()
                                    + ". Restart the kernel to go on (Kernel > Restart; definitions are lost)."));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the evaluation thread", e);
            } catch (ExecutionException e) {
                throw rethrown(e);
            }
        }
    }

    /** Whether a cell that could not be stopped still holds the evaluation thread. */
    public boolean isStuck() {
        Future<?> f = stuck;
        return f != null && !f.isDone();
    }

    /**
     * Stops the running cell: woven checks throw, sleeps are interrupted; earlier definitions stay.
     * Does nothing when no cell runs.
     */
    public void interrupt() {
        if (!cellRunning) {
            return;
        }
        long interrupted = cells.get();
        interruptedAt = System.nanoTime();
        control.stop();
        timer.schedule(() -> {
            if (cellRunning && cells.get() == interrupted && control.running()) {
                // A cell waiting on a process it started (reading its output, waitFor) gets its end.
                int ended = CellGuard.endStartedProcesses();
                if (ended > 0) {
                    System.err.println("(the interrupt ended " + ended + " process" + (ended > 1 ? "es" : "")
                            + " this cell started)");
                }
                control.forceStop();
            }
        }, FORCE_STOP_AFTER_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * How many snippet records JShell keeps and how many entries its index of names holds (for tests: both
     * stay bounded however many cells a session runs).
     */
    int[] sessionSize() {
        return onThread(() -> new int[] {janitor.records(), janitor.dependencyEntries()});
    }

    /**
     * Renews JShell's compiler contexts if at least {@code snippets} snippets ran since the last renewal
     * and no cell runs (the kernel calls this when idle, with {@link #RENEW_COMPILER_AFTER}). Waits at most
     * a second for the evaluation thread. Returns whether the contexts were renewed.
     */
    public boolean renewCompilerIfDue(int snippets) {
        Future<Boolean> renewed = thread.submit(() -> {
            if (snippetsSinceRenewal < snippets || !janitor.renewCompilerContexts()) {
                return false;
            }
            snippetsSinceRenewal = 0;
            return true;
        });
        try {
            return renewed.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;  // a cell holds the thread (the renewal still runs once it is free)
        }
    }

    /** Whether a cell is running now. */
    public boolean busy() {
        return cellRunning;
    }

    /** Adds jars or class directories to the class path of later cells. */
    public void addToClasspath(String path) {
        onThread(() -> {
            shell.addToClasspath(path);
            return null;
        });
    }

    /**
     * Completion candidates at {@code cursor} (a UTF-16 index into {@code code}). JShell reads the whole
     * cell up to the cursor, so variables declared earlier in the same cell complete too.
     */
    public Completion complete(String code, int cursor) {
        ClassIndexGate.open(!cellRunning && !isStuck());
        return whenFree(new Completion(List.of(), cursor, cursor), () -> {
            String prefix = code.substring(0, cursor);
            int[] anchor = new int[1];
            List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(prefix, prefix.length(), anchor);
            Set<String> matches = new LinkedHashSet<>();
            suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                    .forEach(s -> matches.add(s.continuation()));
            suggestions.forEach(s -> matches.add(s.continuation()));
            // The class's own members first; what every object has (equals, hashCode, wait, ...) last.
            List<String> ordered = new ArrayList<>(matches);
            ordered.sort(java.util.Comparator.comparing(OBJECT_MEMBERS::contains));
            return new Completion(List.copyOf(ordered), anchor[0], cursor);
        });
    }

    /**
     * The documentation of the symbol at {@code cursor} (a UTF-16 index into {@code code}); like completion,
     * it reads the cell up to the end of that symbol.
     */
    public List<Documentation> inspect(String code, int cursor) {
        return whenFree(List.<Documentation>of(), () -> {
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            if (end < code.length() && code.charAt(end) == '(') {
                end++;
            }
            String prefix = code.substring(0, end);
            List<SourceCodeAnalysis.Documentation> found = analysis.documentation(prefix, prefix.length(), true);
            if (found.isEmpty() && !prefix.endsWith("(")) {
                found = analysis.documentation(prefix + "(", prefix.length() + 1, true);
            }
            return found.stream()
                    .map(d -> new Documentation(d.signature(), d.javadoc() == null ? "" : d.javadoc()))
                    .collect(Collectors.toList());
        });
    }

    /** Whether {@code code} is complete: {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}. */
    public String isComplete(String code) {
        return whenFree("unknown", () -> {
            String rest = code;
            while (true) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case EMPTY:
                        return "complete";
                    case COMPLETE:
                    case COMPLETE_WITH_SEMI:
                        if (info.remaining().isBlank()) {
                            return "complete";
                        }
                        rest = info.remaining();
                        break;
                    case DEFINITELY_INCOMPLETE:
                    case CONSIDERED_INCOMPLETE:
                        return "incomplete";
                    default:
                        return "invalid";
                }
            }
        });
    }

    /** Closes JShell and the evaluation thread. */
    @Override
    public void close() {
        try {
            onThread(() -> {
                shell.close();
                return null;
            });
        } finally {
            thread.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** Takes the memory reserve back once the heap has room again (after a cell freed what filled it). */
    private void refillReserve() {
        if (reserve != null) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (free > 4L * RESERVE_BYTES) {
            try {
                reserve = new byte[RESERVE_BYTES];
            } catch (OutOfMemoryError e) {
                reserve = null;
            }
        }
    }

    /** Splits a cell into snippets, each with its offset in the cell. */
    List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            int offset = code.length() - rest.length();
            switch (info.completeness()) {
                case EMPTY:
                    return pieces;
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    // Leading blank lines are left out: JShell numbers a statement's lines wrongly after them.
                    String source = info.source();
                    int blank = 0;
                    while (blank < source.length() && Character.isWhitespace(source.charAt(blank))) {
                        blank++;
                    }
                    int start = offset + leading(rest, source) + blank;
                    pieces.add(new Piece(source.substring(blank), start,
                            // COMPLETE_WITH_SEMI: JShell added the semicolon the student left out.
                            info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE && endsWithSemicolon(source)));
                    rest = info.remaining();
                    break;
                default:
                    pieces.add(new Piece(rest, offset));
                    return pieces;
            }
        }
        return pieces;
    }

    /** Whether the last character of a snippet's code, comments and blanks aside, is a semicolon. */
    static boolean endsWithSemicolon(String source) {
        char last = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int end = JavaText.skip(source, i);
            if (end >= 0) {
                if (c == '"' || c == '\'') {
                    last = c;
                }
                i = end;
            } else if (!Character.isWhitespace(c)) {
                last = c;
            }
        }
        return last == ';';
    }

    /**
     * How far into {@code text} the snippet {@code source} starts: JShell's snippet normally keeps the
     * leading blanks and comments (offset 0); otherwise look for its first characters.
     */
    private static int leading(String text, String source) {
        String start = source.substring(0, Math.min(16, source.length()));
        if (text.startsWith(start)) {
            return 0;
        }
        String head = source.strip();
        head = head.substring(0, Math.min(16, head.length()));
        return Math.max(0, head.isEmpty() ? 0 : text.indexOf(head));
    }

    private CellResult evalPiece(Piece piece, String cell, String code) {
        snippetsSinceRenewal++;
        String quicker = piece.terminated() ? ValueForms.statement(piece.source()) : ValueForms.value(piece.source());
        if (quicker != null) {
            CellResult result = evalSource(piece, quicker, true, cell, code);
            if (result != null) {
                return result;
            }
        }
        return evalSource(piece, piece.source(), false, cell, code);
    }

    /**
     * Evaluates {@code source}, the piece's code or (when {@code quicker}) one of its {@link ValueForms};
     * a quicker form that JShell does not take as it is (it does not compile, or it names what is not
     * declared yet) is dropped and null returned, so that the piece runs as written.
     */
    private CellResult evalSource(Piece piece, String source, boolean quicker, String cell, String code) {
        // JShell numbers a snippet's lines from its first non-blank line.
        int firstCode = 0;
        while (firstCode < piece.source().length() && Character.isWhitespace(piece.source().charAt(firstCode))) {
            firstCode++;
        }
        int firstLine = lineOf(code, piece.start() + firstCode);
        List<SnippetEvent> events;
        try {
            control.takeValue();
            events = shell.eval(source);
        } catch (IllegalStateException e) {
            return CellResult.error(errors.internal(e));
        }
        CellResult result = CellResult.empty();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                // Another snippet changed because of this one (e.g. replaced by a new definition).
                janitor.forgetIfUnused(event.snippet(), event.status());
                forgetPlace(event.snippet(), event.status());
                continue;
            }
            Snippet snippet = event.snippet();
            places.put(snippet.id(), new Place(cell, firstLine));
            boolean valueVariable = quicker && snippet instanceof VarSnippet v && v.name().equals(ValueForms.VALUE);
            switch (event.status()) {
                case REJECTED:
                    janitor.forgetIfUnused(snippet, event.status());
                    places.remove(snippet.id());
                    if (quicker) {
                        return null;
                    }
                    List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
                    return CellResult.error(errors.compile(diags, piece.source(), code, piece.start(), cell));
                case RECOVERABLE_DEFINED:
                case RECOVERABLE_NOT_DEFINED:
                    if (quicker) {
                        forgetTemporary(snippet);
                        return null;
                    }
                    if (snippet instanceof DeclarationSnippet) {
                        System.err.println(ErrorFormatter.describe(snippet) + " is declared, but "
                                + notUsableUntil((DeclarationSnippet) snippet));
                    }
                    break;
                default:
                    break;
            }
            JShellException exception = event.exception();
            if (exception != null) {
                CellResult failed = CellResult.error(runtimeError(exception));
                forgetTemporary(snippet);
                janitor.forgetIfUnused(snippet, shell.status(snippet));
                forgetPlace(snippet, shell.status(snippet));
                return failed;
            }
            if (valueVariable || snippet.kind() == Snippet.Kind.EXPRESSION
                    || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                Object value = control.takeValue();
                if (value != GuardedExecutionControl.NO_VALUE
                        && snippet.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND) {
                    result = CellResult.value(value);
                }
                forgetTemporary(snippet);
            }
            janitor.forgetIfUnused(snippet, shell.status(snippet));
            forgetPlace(snippet, shell.status(snippet));
        }
        return result;
    }

    /**
     * Forgets where a snippet's code sits once no stack trace can show it again (it ran and is not a
     * declaration, or it was replaced or dropped): kept, the table grew by a line a snippet.
     */
    private void forgetPlace(Snippet snippet, Snippet.Status status) {
        if (!(snippet.kind().isPersistent() && status.isActive())) {
            places.remove(snippet.id());
        }
    }

    /**
     * Drops the {@code $N} variable JShell makes for an expression's value (or the kernel's own
     * {@link ValueForms#VALUE}) once the value is taken
     * (and the janitor lets go of its class and value): kept, every chart and expression of a long lab
     * would stay in memory and slow JShell down. The kernel keeps no {@code Out} history of values.
     */
    private void forgetTemporary(Snippet snippet) {
        if (!(snippet instanceof VarSnippet variable)
                || snippet.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                && !variable.name().equals(ValueForms.VALUE)) {
            return;
        }
        shell.drop(snippet).forEach(e -> janitor.forgetIfUnused(e.snippet(), e.status()));
        places.remove(snippet.id());
    }

    /**
     * Why a declared method or class cannot be used yet: the names it needs that are not declared, or, when
     * JShell kept it despite an error of its own (an overload it cannot resolve, say), that error.
     */
    private String notUsableUntil(DeclarationSnippet snippet) {
        List<String> missing = shell.unresolvedDependencies(snippet).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            return "cannot be used until " + String.join(", ", missing) + " is declared";
        }
        return "cannot be used until this error in it is fixed: " + shell.diagnostics(snippet).filter(Diag::isError)
                .map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElse(""))
                .findFirst().orElse("(JShell gives no reason)");
    }

    private CellError runtimeError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException) {
            DeclarationSnippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            return errors.unresolved(ErrorFormatter.describe(snippet), notUsableUntil(snippet));
        }
        EvalException eval = (EvalException) exception;
        // Once the user interrupted, whatever ended the cell (the woven check, an InterruptedException,
        // ThreadDeath, end of input) is the interrupt.
        if (CellGuard.stopping() || CellGuard.CellInterruptedError.class.getName().equals(eval.getExceptionClassName())) {
            return errors.interrupted();
        }
        return errors.runtime(eval, id -> {
            Place place = places.get(id);
            return place == null ? null : new ErrorFormatter.Where(place.cell(), place.firstLine());
        });
    }

    /** The 0-based line of {@code code} that {@code index} falls on. */
    static int lineOf(String code, int index) {
        int line = 0;
        for (int i = 0; i < index && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * Runs {@code work} on the evaluation thread unless a cell holds it, in which case it gives
     * {@code fallback}: a request on the control channel must not wait for a running cell.
     */
    private <T> T whenFree(T fallback, Callable<T> work) {
        if (cellRunning || isStuck()) {
            return fallback;
        }
        Future<T> future = thread.submit(work);
        try {
            while (true) {
                try {
                    return future.get(QUERY_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // Still queued behind a cell that started meanwhile: give up on it.
                    if ((cellRunning || isStuck()) && future.cancel(false)) {
                        return fallback;
                    }
                }
            }
        } catch (java.util.concurrent.CancellationException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    /** What the evaluation thread threw, to throw again on the waiting thread. */
    private static RuntimeException rethrown(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new IllegalStateException(cause);
    }

    private <T> T onThread(Callable<T> work) {
        Future<T> future = thread.submit(work);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the evaluation thread", e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }
}
