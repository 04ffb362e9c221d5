package org.gradflow.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.gradflow.kernel.display.DefaultRenderers;
import org.gradflow.kernel.display.Renderers;
import org.gradflow.kernel.wire.ConnectionFile;
import org.gradflow.kernel.wire.KernelLog;
import org.gradflow.kernel.wire.KernelServer;

/**
 * Starts the kernel: {@code java org.gradflow.kernel.KernelMain connection-file.json}. The sockets answer
 * at once while JShell starts in the background and runs the startup script named by the system
 * property {@code gradflow.startup} (the kernel's {@code startup.jsh}).
 */
public final class KernelMain {

    private KernelMain() {
    }

    /** Runs the kernel until a shutdown request. */
    public static void main(String[] args) throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && args[0].equals("--warmup")) {
            warmUp();
            ExitGate.permit();
            System.exit(0);
        }
        if (args.length != 1) {
            System.err.println("usage: java org.gradflow.kernel.KernelMain CONNECTION_FILE   (or --warmup)");
            ExitGate.permit();
            System.exit(2);
        }
        long started = System.nanoTime();
        ConnectionFile connection = ConnectionFile.read(Path.of(args[0]));
        String startup = readStartup();
        CompletableFuture<Evaluator> evaluator = new CompletableFuture<>();
        Thread boot = new Thread(() -> {
            try {
                Evaluator e = Evaluator.create();
                String sources = System.getProperty("gradflow.sources", "");
                if (!sources.isEmpty()) {
                    JavadocSources.install(List.of(Path.of(sources)));
                }
                long created = System.nanoTime();
                List<String> problems = e.runStartup(startup);
                KernelLog.log(String.format(Locale.ROOT, "JShell ready %.0f ms after the kernel started (startup script %.0f ms)",
                        (System.nanoTime() - started) / 1e6, (System.nanoTime() - created) / 1e6));
                if (!problems.isEmpty()) {
                    KernelLog.log("startup: skipped " + String.join("; ", problems));
                }
                evaluator.complete(e);
            } catch (RuntimeException | Error e) {
                KernelLog.log("cannot start JShell", e);
                evaluator.completeExceptionally(e);
            }
        }, "gradflow-boot");
        boot.setDaemon(true);
        boot.start();

        Renderers renderers = DefaultRenderers.create();
        KernelServer server = new KernelServer(connection);
        JavaKernel kernel = new JavaKernel(server, evaluator, renderers, Path.of("").toAbsolutePath());
        Notebook.bind(kernel, renderers);
        CellStreams.install(kernel.stdout(), kernel.stderr(), kernel.stdin());
        server.onThreadDeath(() -> KernelExit.exit(70, "a channel thread died; exiting"));
        server.start(kernel);
        KernelExit.watchParent();
        // A front end may end the kernel with SIGTERM: the processes cells started end with it.
        Runtime.getRuntime().addShutdownHook(new Thread(KernelExit::endDescendants, "gradflow-end-processes"));
        KernelLog.log(String.format(Locale.ROOT, "listening on %s (shell), %.0f ms after the kernel started",
                connection.address(connection.shellPort()), (System.nanoTime() - started) / 1e6));
        server.awaitStop();
        server.close();
        KernelExit.exit(0, "shut down");
    }

    /** The cells of the warm-up: values, a method, a chart, a table and two kinds of error. */
    private static final String[] WARM_UP_CELLS = {
        "1 + 1",
        "int square(int x) { return x * x; }\nsquare(7)",
        "System.out.println(\"warm-up\");",
        "var chart = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title(\"warm-up\").build();\n"
                + "chart.addSeries(\"y\", new double[] {0, 1, 2}, new double[] {0, 1, 4});\nchart",
        "tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.DoubleColumn.create(\"x\", 1, 2))",
        "int oops = 1 / 0;",
        "undefinedName + 1",
    };

    /**
     * Runs what a first lesson runs (startup, a few cells, a chart and a table drawn, completion and
     * inspection) through the kernel's own sockets on loopback, without Jupyter, so that an install can
     * record the classes it loads, those of the wire protocol among them, in a class-data-sharing archive.
     */
    private static void warmUp() throws IOException, InterruptedException {
        try (Evaluator evaluator = Evaluator.create()) {
            evaluator.runStartup(readStartup());
            Renderers renderers = DefaultRenderers.create();
            ConnectionFile connection = LoopbackClient.connection();
            KernelServer server = new KernelServer(connection);
            JavaKernel kernel = new JavaKernel(server, CompletableFuture.completedFuture(evaluator), renderers,
                    Path.of("").toAbsolutePath());
            Notebook.bind(kernel, renderers);
            server.start(kernel);
            try (LoopbackClient client = new LoopbackClient(connection)) {
                client.request("kernel_info_request", new JsonObject());
                for (String cell : WARM_UP_CELLS) {
                    JsonObject content = new JsonObject();
                    content.addProperty("code", cell);
                    content.addProperty("silent", false);
                    content.addProperty("store_history", true);
                    client.request("execute_request", content);
                }
                client.request("complete_request", LoopbackClient.codeAt("Math.ma", 7));
                client.request("inspect_request", LoopbackClient.codeAt("Math.max(", 6));
                JsonObject unfinished = new JsonObject();
                unfinished.addProperty("code", "for (int i = 0;");
                client.request("is_complete_request", unfinished);
                client.request("shutdown_request", new JsonObject());
            }
            server.awaitStop();
            server.close();
        }
    }

    private static String readStartup() throws IOException {
        String file = System.getProperty("gradflow.startup", "");
        return file.isEmpty() ? "" : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }
}
