package org.gradflow.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gradflow.kernel.display.DisplaySink;
import org.gradflow.kernel.display.MimeBundle;
import org.gradflow.kernel.display.Renderers;
import org.gradflow.kernel.magic.MagicContext;
import org.gradflow.kernel.magic.Magics;
import org.gradflow.kernel.wire.KernelLog;
import org.gradflow.kernel.wire.KernelServer;
import org.gradflow.kernel.wire.KernelServer.Channel;
import org.gradflow.kernel.wire.Message;

/**
 * The Java kernel's answers to Jupyter's requests: execute (with magics, streams, rich results and
 * errors), complete, inspect, is_complete, history, kernel_info, comm_info, interrupt and shutdown.
 * Every request is wrapped in busy/idle status messages; every reply carries {@code status}.
 */
public final class JavaKernel implements KernelServer.Handler, DisplaySink {

    /** The kernel's version. */
    public static final String VERSION = "0.1.0";

    private final KernelServer server;
    private final CompletableFuture<Evaluator> evaluator;
    private final Renderers renderers;
    private final Magics magics = Magics.standard();
    private final History history = new History();
    private final Path workingDirectory;
    private final OutputPublisher stdout;
    private final OutputPublisher stderr;
    private final ScheduledExecutorService flusher;
    private final IdleMemory idleMemory;
    private volatile Message current;
    /**
     * When a cell failed (with stop_on_error): the shell requests that had already arrived when it failed,
     * taken from the socket at that moment. Their execute requests are aborted after the failed cell's idle
     * status, as ipykernel does; what arrives later runs. Arrival decides, never the clocks of the front end
     * and the kernel. Set and read on the shell thread only, like {@link #aborting}.
     */
    private List<Message> queuedAtFailure;
    /** Whether the shell thread is working through the queue behind a failed cell. */
    private boolean aborting;
    private final List<JsonObject> payloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int executionCount;

    /**
     * A kernel answering through {@code server}, evaluating with the evaluator that {@code evaluator}
     * completes with (made in the background so the kernel answers at once), showing values with
     * {@code renderers}.
     */
    public JavaKernel(KernelServer server, CompletableFuture<Evaluator> evaluator, Renderers renderers,
                      Path workingDirectory) {
        this.server = server;
        this.evaluator = evaluator;
        this.renderers = renderers;
        this.workingDirectory = workingDirectory;
        this.stdout = new OutputPublisher("stdout", this::stream);
        this.stderr = new OutputPublisher("stderr", this::stream);
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gradflow-output");
            t.setDaemon(true);
            return t;
        });
        // A failure must not cancel the periodic flush (a scheduled task that throws never runs again).
        flusher.scheduleWithFixedDelay(() -> {
            try {
                flushOutput();
            } catch (RuntimeException | Error e) {
                KernelLog.log("could not send a cell's output", e);
            }
        }, OutputPublisher.FLUSH_MS, OutputPublisher.FLUSH_MS, TimeUnit.MILLISECONDS);
        this.idleMemory = new IdleMemory(flusher,
                () -> !evaluator.isDone() || !evaluator.isCompletedExceptionally() && evaluator.join().busy(),
                IdleMemory.IDLE_MS, () -> {
                    if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
                        evaluator.join().renewCompilerIfDue(Evaluator.RENEW_COMPILER_AFTER);
                    }
                    IdleMemory.collectTight();
                });
        evaluator.thenRun(idleMemory::workDone);
    }

    /** Cell standard output. */
    OutputPublisher stdout() {
        return stdout;
    }

    /** Cell standard error. */
    OutputPublisher stderr() {
        return stderr;
    }

    /** Standard input of cells, asking the front end for lines. */
    CellInput stdin() {
        return new CellInput(() -> {
            Message request = current;
            if (request == null || !request.flag("allow_stdin", false)) {
                return null;
            }
            flushOutput();
            return server.input(request, "", false, CellGuard::stopping);
        });
    }

    @Override
    public void handle(Channel channel, Message request) throws Exception {
        server.status(request.header(), "busy");
        try {
            dispatch(channel, request);
        } catch (RuntimeException e) {
            // Every request gets a reply, even when the kernel fails (e.g. JShell could not start).
            KernelLog.log("failed to handle " + request, e);
            if (request.type().endsWith("_request")) {
                CellError error = CellError.of("KernelError", "Kernel error", String.valueOf(e));
                server.reply(channel, request, request.type().replace("_request", "_reply"), errorContent(error));
            }
        } finally {
            server.status(request.header(), "idle");
            idleMemory.workDone();
        }
        if (channel == Channel.SHELL && queuedAtFailure != null && !aborting) {
            abortQueued();
        }
    }

    private void dispatch(Channel channel, Message request) {
        switch (request.type()) {
            case "execute_request" -> execute(channel, request);
            case "kernel_info_request" -> server.reply(channel, request, "kernel_info_reply", kernelInfo());
            case "complete_request" -> server.reply(channel, request, "complete_reply", complete(request));
            case "inspect_request" -> server.reply(channel, request, "inspect_reply", inspect(request));
            case "is_complete_request" -> server.reply(channel, request, "is_complete_reply", isComplete(request));
            case "history_request" -> server.reply(channel, request, "history_reply", history(request));
            case "comm_info_request" -> {
                JsonObject content = ok();
                content.add("comms", new JsonObject());
                server.reply(channel, request, "comm_info_reply", content);
            }
            case "interrupt_request" -> {
                evaluator.thenAccept(Evaluator::interrupt);
                server.reply(channel, request, "interrupt_reply", ok());
            }
            case "shutdown_request" -> shutdown(channel, request);
            case "comm_open", "comm_msg", "comm_close" -> KernelLog.log("no comm targets; ignored " + request.type());
            default -> KernelLog.log("unknown message type " + request.type() + " on " + channel + "; ignored");
        }
    }

    private void execute(Channel channel, Message request) {
        String code = request.string("code", "");
        boolean silent = request.flag("silent", false);
        boolean store = request.flag("store_history", true) && !silent;
        if (store) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            server.publish(request.header(), "execute_input", input);
        }
        current = request;
        payloads.clear();
        CellStreams.restore();
        CellResult result;
        try {
            result = run(code, "[" + count + "]");
        } catch (java.util.concurrent.CompletionException e) {
            result = CellResult.error(CellError.of("KernelError", "Kernel error", "JShell could not start: " + e.getCause()));
        } finally {
            flushOutput();
        }
        JsonObject reply = new JsonObject();
        String output = null;
        if (result.failed() && request.flag("stop_on_error", true) && channel == Channel.SHELL && !aborting) {
            // Before the reply goes out: a request the front end sends after seeing the error is not among these.
            queuedAtFailure = server.drainShell();
        }
        if (result.failed()) {
            CellError error = result.error();
            JsonObject content = errorContent(error);
            server.publish(request.header(), "error", content);
            reply = errorContent(error);
            reply.addProperty("execution_count", count);
        } else {
            if (result.hasValue() && !silent) {
                MimeBundle bundle = renderSafely(result.value());
                if (!bundle.isEmpty()) {
                    JsonObject content = bundleContent(bundle);
                    content.addProperty("execution_count", count);
                    server.publish(request.header(), "execute_result", content);
                    output = bundle.data().get("text/plain");
                }
            }
            reply.addProperty("status", "ok");
            reply.addProperty("execution_count", count);
            JsonArray payload = new JsonArray();
            payloads.forEach(payload::add);
            reply.add("payload", payload);
            reply.add("user_expressions", userExpressions(request));
        }
        if (store) {
            history.add(count, code, output);
        }
        server.reply(channel, request, "execute_reply", reply);
    }

    /** Runs a cell's magics and code. */
    CellResult run(String code, String cell) {
        Evaluator eval = evaluator.join();
        MagicContext context = new MagicContext() {
            @Override
            public CellResult eval(String text) {
                return eval.eval(text, cell);
            }

            @Override
            public void addToClasspath(String path) {
                eval.addToClasspath(path);
            }

            @Override
            public Path workingDirectory() {
                return workingDirectory;
            }
        };
        return Magics.hasMagic(code) ? magics.run(code, context) : eval.eval(code, cell);
    }

    private MimeBundle renderSafely(Object value) {
        try {
            return renderers.render(value);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String text = "(could not show the " + (value == null ? "value" : value.getClass().getName()) + ": " + e + ")";
            return MimeBundle.of("text/plain", text);
        }
    }

    /**
     * Replies "aborted" to the execute requests that had arrived when a cell failed, as ipykernel does, and
     * handles the other requests among them (kernel_info, complete, ...) in the order they came. Requests
     * that arrive meanwhile stay in the socket and are served normally afterwards.
     */
    private void abortQueued() {
        List<Message> queue = queuedAtFailure;
        queuedAtFailure = null;
        aborting = true;
        try {
            for (Message queued : queue) {
                if (queued.type().equals("execute_request")) {
                    server.status(queued.header(), "busy");
                    JsonObject content = new JsonObject();
                    content.addProperty("status", "aborted");
                    content.addProperty("execution_count", executionCount);
                    server.reply(Channel.SHELL, queued, "execute_reply", content);
                    server.status(queued.header(), "idle");
                    continue;
                }
                try {
                    handle(Channel.SHELL, queued);
                } catch (Exception e) {
                    KernelLog.log("failed to handle " + queued, e);
                }
            }
        } finally {
            aborting = false;
        }
    }

    private JsonObject userExpressions(Message request) {
        JsonObject out = new JsonObject();
        if (!request.content().has("user_expressions") || !request.content().get("user_expressions").isJsonObject()) {
            return out;
        }
        for (Map.Entry<String, JsonElement> e : request.content().getAsJsonObject("user_expressions").entrySet()) {
            CellResult r = evaluator.join().eval(e.getValue().getAsString(), "(user expression " + e.getKey() + ")");
            JsonObject value;
            if (r.failed()) {
                value = errorContent(r.error());
            } else {
                value = bundleContent(renderSafely(r.value()));
                value.addProperty("status", "ok");
            }
            out.add(e.getKey(), value);
        }
        return out;
    }

    private JsonObject kernelInfo() {
        JsonObject language = new JsonObject();
        language.addProperty("name", "java");
        language.addProperty("version", Runtime.version().toString());
        language.addProperty("mimetype", "text/x-java-source");
        language.addProperty("file_extension", ".jshell");
        language.addProperty("pygments_lexer", "java");
        language.addProperty("codemirror_mode", "text/x-java");
        JsonObject content = ok();
        content.addProperty("protocol_version", org.gradflow.kernel.wire.WireCodec.PROTOCOL_VERSION);
        content.addProperty("implementation", "gradflow");
        content.addProperty("implementation_version", VERSION);
        content.add("language_info", language);
        content.addProperty("banner", "gradflow Java kernel " + VERSION + " (JShell, Java " + Runtime.version()
                + "). display(x), updateDisplay(id, x), progress(label, n); magics %jars %classpath %load %time %%time");
        content.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        JsonObject link = new JsonObject();
        link.addProperty("text", "Java " + Runtime.version().feature() + " API");
        link.addProperty("url", "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
        links.add(link);
        content.add("help_links", links);
        return content;
    }

    private JsonObject complete(Message request) {
        String code = request.string("code", "");
        int cursor = Unicode.toIndex(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
        Evaluator.Completion completion = evaluator.join().complete(Magics.blankMagicLines(code), cursor);
        JsonObject content = ok();
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        content.add("matches", matches);
        content.addProperty("cursor_start", Unicode.toCodePoints(code, completion.start()));
        content.addProperty("cursor_end", Unicode.toCodePoints(code, completion.end()));
        content.add("metadata", new JsonObject());
        return content;
    }

    private JsonObject inspect(Message request) {
        String code = request.string("code", "");
        int cursor = Unicode.toIndex(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
        List<Evaluator.Documentation> docs = evaluator.join().inspect(Magics.blankMagicLines(code), cursor);
        boolean detailed = request.integer("detail_level", 0) > 0;
        JsonObject content = ok();
        content.addProperty("found", !docs.isEmpty());
        JsonObject data = new JsonObject();
        if (!docs.isEmpty()) {
            data.addProperty("text/plain", Inspection.text(docs, detailed));
            data.addProperty("text/markdown", Inspection.markdown(docs, detailed));
        }
        content.add("data", data);
        content.add("metadata", new JsonObject());
        return content;
    }

    private JsonObject isComplete(Message request) {
        String status = evaluator.join().isComplete(request.string("code", ""));
        JsonObject content = new JsonObject();
        content.addProperty("status", status);
        if (status.equals("incomplete")) {
            content.addProperty("indent", "    ");
        }
        return content;
    }

    private JsonObject history(Message request) {
        boolean output = request.flag("output", false);
        List<History.Entry> entries = switch (request.string("hist_access_type", "tail")) {
            case "range" -> history.range(request.integer("session", 0), request.integer("start", 0),
                    request.integer("stop", 0));
            case "search" -> history.search(request.string("pattern", "*"), request.integer("n", 0),
                    request.flag("unique", false));
            default -> history.tail(request.integer("n", 10));
        };
        JsonArray list = new JsonArray();
        for (History.Entry e : entries) {
            JsonArray row = new JsonArray();
            row.add(e.session());
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output() == null ? JsonNull.INSTANCE : new JsonPrimitive(e.output()));
                row.add(io);
            } else {
                row.add(e.input());
            }
            list.add(row);
        }
        JsonObject content = ok();
        content.add("history", list);
        return content;
    }

    private void shutdown(Channel channel, Message request) {
        JsonObject content = ok();
        content.addProperty("restart", request.flag("restart", false));
        server.reply(channel, request, "shutdown_reply", content);
        server.publish(request.header(), "shutdown_reply", content);
        server.stop();
    }

    @Override
    public void display(MimeBundle bundle, String displayId) {
        publishDisplay("display_data", bundle, displayId);
    }

    @Override
    public void update(MimeBundle bundle, String displayId) {
        publishDisplay("update_display_data", bundle, displayId);
    }

    @Override
    public void page(MimeBundle bundle) {
        JsonObject page = new JsonObject();
        page.addProperty("source", "page");
        page.add("data", bundleContent(bundle).get("data"));
        page.addProperty("start", 0);
        payloads.add(page);
    }

    @Override
    public void clear(boolean wait) {
        flushOutput();
        JsonObject content = new JsonObject();
        content.addProperty("wait", wait);
        server.publish(parent(), "clear_output", content);
    }

    private void publishDisplay(String type, MimeBundle bundle, String displayId) {
        flushOutput();
        JsonObject content = bundleContent(bundle);
        JsonObject transientFields = new JsonObject();
        transientFields.addProperty("display_id", displayId);
        content.add("transient", transientFields);
        server.publish(parent(), type, content);
    }

    private void stream(String name, String text) {
        JsonObject content = new JsonObject();
        content.addProperty("name", name);
        content.addProperty("text", text);
        server.publish(parent(), "stream", content);
    }

    private void flushOutput() {
        stdout.publish();
        stderr.publish();
    }

    private JsonObject parent() {
        Message request = current;
        return request == null ? new JsonObject() : request.header();
    }

    private static JsonObject bundleContent(MimeBundle bundle) {
        JsonObject data = new JsonObject();
        // JSON outputs travel as JSON (the front end shows a tree), every other type as text.
        bundle.data().forEach((mime, value) -> {
            if (org.gradflow.kernel.display.Renderers.isJson(mime)) {
                data.add(mime, com.google.gson.JsonParser.parseString(value));
            } else {
                data.addProperty(mime, value);
            }
        });
        JsonObject metadata = new JsonObject();
        bundle.metadata().forEach((mime, fields) -> {
            JsonObject m = new JsonObject();
            fields.forEach((k, v) -> m.add(k, v instanceof Number n ? new JsonPrimitive(n)
                    : v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(String.valueOf(v))));
            metadata.add(mime, m);
        });
        JsonObject content = new JsonObject();
        content.add("data", data);
        content.add("metadata", metadata);
        return content;
    }

    private static JsonObject errorContent(CellError error) {
        JsonObject content = new JsonObject();
        content.addProperty("status", "error");
        content.addProperty("ename", error.ename());
        content.addProperty("evalue", error.evalue());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        content.add("traceback", traceback);
        return content;
    }

    private static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }
}
