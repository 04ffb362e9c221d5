"""The gradflow kernel through a real Jupyter client: execution, rich display, errors, interrupt,
System.exit, out-of-memory, forged messages, stdin, binding and shutdown; and hostile bytes on every
socket, long labs, interrupts of code that ignores them, exit routes, and the kernel's processes."""
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
from datetime import datetime, timedelta, timezone

import zmq
from jupyter_client.session import Session

from kernel_fixture import KernelTestCase, TIMEOUT, rss_mb


def zmtp_dealer(port):
    """A raw TCP connection that completes a ZeroMQ (ZMTP 3.0, NULL) handshake as a DEALER, so that
    the test can then write any bytes it likes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" * 32)
    received = b""
    while len(received) < 64:
        chunk = sock.recv(64 - len(received))
        if not chunk:
            raise ConnectionError("the kernel closed the connection during the greeting")
        received += chunk
    body = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 6) + b"DEALER"
    sock.sendall(b"\x04" + bytes([len(body)]) + body)
    return sock


def signed_frames(key, header_bytes, content=b"{}"):
    """The wire frames of a message with a given header text, correctly signed with key."""
    parts = [header_bytes, b"{}", b"{}", content]
    h = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        h.update(part)
    return [b"<IDS|MSG>", h.hexdigest().encode()] + parts


def header_text(msg_type='"kernel_info_request"', extra=""):
    return ('{"msg_id": "%s", "session": "%s", "username": "x", "date": "%s", "version": "5.3", '
            '"msg_type": %s%s}' % (uuid.uuid4(), uuid.uuid4(), datetime.now(timezone.utc).isoformat(), msg_type,
                                   extra)).encode()


def repl_purge_figure(field, kind):
    """A cell whose value is one of ReplPurge's static counters (read by reflection)."""
    return ('var purgeField = Class.forName("org.gradflow.kernel.ReplPurge").getDeclaredField("%s");\n'
            'purgeField.setAccessible(true);\n'
            '(%s) purgeField.get(null)' % (field, kind))


def stack_trace_lines(log):
    return [l for l in log.splitlines() if l.startswith("\tat ") or l.startswith("Caused by:")
            or l.startswith("Exception in thread")]


class ExecutionTest(KernelTestCase):

    def test_last_expression_is_the_result_and_definitions_persist(self):
        self.execute("int base = 40;\nint plus(int x) { return base + x; }")
        self.assertEqual(self.result_text("int y = 1;\nplus(y + 1)"), "42")

    def test_stdout_and_stderr_are_streamed_to_the_cell(self):
        content, outputs = self.execute('System.out.println("to stdout");\nSystem.err.println("to stderr");')
        self.assertEqual(content["status"], "ok")
        streams = {m["content"]["name"]: m["content"]["text"] for m in outputs if m["msg_type"] == "stream"}
        self.assertEqual(streams, {"stdout": "to stdout\n", "stderr": "to stderr\n"})

    def test_output_arrives_while_the_cell_runs(self):
        msg_id = self.kc.execute('System.out.println("early"); Thread.sleep(1500); System.out.println("late");')
        start = time.time()
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        self.assertIn("early", msg["content"]["text"])
        self.assertLess(time.time() - start, 1.2, "the first line waited for the end of the cell")
        self.collect(msg_id)

    def test_compile_error_shows_line_and_caret_under_the_column(self):
        content, outputs = self.execute("int a = 1;\nint b = a + missing;")
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "CompileError")
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in content["traceback"]]
        self.assertIn("line 2, column 13", lines[0])
        code_line = next(i for i, l in enumerate(lines) if l.strip() == "int b = a + missing;")
        self.assertEqual(lines[code_line + 1].index("^"), lines[code_line].index("missing"))
        self.assertEqual([m["msg_type"] for m in outputs], ["error"])

    def test_runtime_error_stack_is_trimmed_to_the_cells(self):
        self.execute("int divide(int n) {\n  return 10 / n;\n}")
        content, _ = self.execute("int zero = 0;\ndivide(zero)")
        self.assertEqual(content["ename"], "java.lang.ArithmeticException")
        text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(content["traceback"]))
        self.assertRegex(text, r"at divide \(cell \[\d+\], line 2\)")
        self.assertRegex(text, r"at cell \[\d+\], line 2")
        self.assertNotIn("jdk.jshell", text)
        self.assertNotIn("org.gradflow.kernel", text)

    def test_magics_time_and_jars(self):
        content, outputs = self.execute("%time 6 * 7")
        self.assertEqual(content["status"], "ok")
        self.assertRegex(self.stdout_of(outputs), r"Wall time: [\d.]+ (µs|ms|s)")
        content, outputs = self.execute("%%time\nint t = 2;\nt * 21")
        self.assertIn("Wall time", self.stdout_of(outputs))
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"], ["42"])
        content, _ = self.execute("%jars /no/such/dir/*.jar")
        self.assertEqual(content["ename"], "MagicError")

    def test_cells_queued_behind_an_error_are_aborted(self):
        failing = self.kc.execute('throw new IllegalStateException("first");')
        queued = self.kc.execute("1 + 1")
        self.assertEqual(self.collect(failing)[0]["status"], "error")
        self.assertEqual(self.collect(queued)[0]["status"], "aborted")
        self.assertEqual(self.result_text("2 + 2"), "4")

    def test_requests_behind_an_error_are_answered_in_order(self):
        failing = self.kc.execute('Thread.sleep(500); throw new IllegalStateException("first");')
        queued = self.kc.execute("1 + 1")
        info = self.kc.kernel_info()
        later = self.kc.execute("3 + 3")
        replies = [self.kc.get_shell_msg(timeout=TIMEOUT) for _ in range(4)]
        self.assertEqual([r["parent_header"]["msg_id"] for r in replies], [failing, queued, info, later])
        self.assertEqual([r["content"]["status"] for r in replies], ["error", "aborted", "ok", "aborted"])
        self.assertEqual(self.result_text("2 + 2"), "4")

    def test_a_cell_ending_in_a_statement_with_a_semicolon_shows_no_value(self):
        content, outputs = self.execute('System.out.printf("hello %d%n", 1);')
        self.assertEqual(content["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["stream"])
        content, outputs = self.execute('renderers().register(java.time.Duration.class, "text/html", d -> "<b>" + d + "</b>");')
        self.assertEqual(content["status"], "ok")
        self.assertEqual(outputs, [])
        self.assertEqual(self.result_text('String.format("hello %d", 2)'), '"hello 2"')

    def test_a_request_sent_after_the_error_reply_runs_whatever_its_clock_says(self):
        # The front end's clock may be hours off the kernel's: only arrival order decides what is aborted.
        for date in (datetime(2000, 1, 1, tzinfo=timezone.utc),
                     datetime.now(timezone.utc) + timedelta(hours=5)):
            failing = self.kc.execute('throw new IllegalStateException("fails");')
            self.assertEqual(self.collect(failing)[0]["status"], "error")
            msg = self.kc.session.msg("execute_request", {"code": "6 * 7", "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False,
                                                          "stop_on_error": True})
            msg["header"]["date"] = date
            self.kc.shell_channel.send(msg)
            content, outputs = self.collect(msg["header"]["msg_id"])
            self.assertEqual(content["status"], "ok", msg=str(date))
            self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "42")

    def test_interrupt_while_waiting_for_input(self):
        msg_id = self.kc.execute('new java.util.Scanner(System.in).nextLine()', allow_stdin=True)
        self.assertEqual(self.kc.get_stdin_msg(timeout=TIMEOUT)["msg_type"], "input_request")
        self.km.interrupt_kernel()
        content, _ = self.collect(msg_id, timeout=5)
        self.assertEqual(content["ename"], "Interrupted")

    def test_stdin_round_trip(self):
        msg_id = self.kc.execute('var line = new java.util.Scanner(System.in).nextLine();\n"got " + line', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("seven")
        content, outputs = self.collect(msg_id)
        self.assertEqual(content["status"], "ok")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"],
                         ['"got seven"'])


class TablesawTest(KernelTestCase):

    def test_tablesaw_reads_csv_with_the_readers_the_agent_registers_by_name(self):
        # kernel/run's agent replaces Table's class-path scan with loading its readers by name (TablesawReaders).
        self.assertEqual(self.result_text('Table.read().usingOptions(tech.tablesaw.io.csv.CsvReadOptions'
                                          '.builderFromString("a,b\\n1,2\\n3,4")).rowCount()'), "2")
        written = self.result_text('Table.create("t", DoubleColumn.create("x", 1.5)).write().toString("csv")')
        self.assertIn("1.5", written)


class InspectionTest(KernelTestCase):

    def inspect(self, code, cursor=None):
        msg_id = self.kc.inspect(code, len(code) if cursor is None else cursor)
        return self.shell_reply(msg_id)["content"]

    def test_inspection_shows_signature_and_the_javadoc_summary_of_gradflow_code(self):
        source = open(os.path.join(os.path.dirname(__file__), "../../src/main/java/org/gradflow/tensor/Matrix.java")).read()
        summary = re.search(r"/\*\*\s*((?:(?!\*/).)*?)\s*\*/\s*public static Matrix zeros\(", source, re.S).group(1)
        first_words = re.sub(r"\{@code ([^}]*)\}", r"\1", summary).split(".")[0][:12]
        content = self.inspect("Matrix.zeros(2, 3)", cursor=len("Matrix.ze"))
        self.assertTrue(content["found"])
        text = content["data"]["text/plain"]
        self.assertIn("Matrix Matrix.zeros(int rows, int cols)", text)
        self.assertIn(first_words, text)

    def test_inspection_shows_javadoc_lists_as_text_not_tags(self):
        content = self.inspect("Trainer.builder()", cursor=len("Trainer.buil"))
        detailed = self.shell_reply(self.kc.inspect("Trainer", 7, detail_level=1))["content"]
        for reply in (content, detailed):
            self.assertTrue(reply["found"], msg=str(reply))
            for mime in ("text/plain", "text/markdown"):
                self.assertNotRegex(reply["data"][mime], r"</?(ol|ul|li|p|code)>", msg=reply["data"][mime])
        self.assertRegex(detailed["data"]["text/plain"], r"\n\s*1\. ")

    def test_completion_lists_own_members_before_objects(self):
        matches = self.shell_reply(self.kc.complete("Matrix.zeros(2, 2)."))["content"]["matches"]
        self.assertIn("rows()", matches)
        self.assertLess(matches.index("rows()"), matches.index("equals("))
        self.assertLess(matches.index("transpose()"), matches.index("hashCode()"))

    def test_completion_of_gradflow_members(self):
        msg_id = self.kc.complete("Matrix.zer")
        content = self.shell_reply(msg_id)["content"]
        self.assertIn("zeros(", content["matches"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (7, 10))


class ClassIndexTest(KernelTestCase):
    """JShell's index of the class path is built at the first completion request, not at start."""

    INDEX = ('var indexField = Class.forName("jdk.jshell.SourceCodeAnalysisImpl")'
             '.getDeclaredField("PATH_TO_INDEX");\n'
             'indexField.setAccessible(true);\n'
             'var indexes = ((Map<?, ?>) indexField.get(null)).values();\n')
    # Of every path's index: how many packages, and how many entries in its table of class names.
    SIZES = ('String sizes(String field) throws Exception {\n'
             '    var f = Class.forName("jdk.jshell.SourceCodeAnalysisImpl$ClassIndex").getDeclaredField(field);\n'
             '    f.setAccessible(true);\n'
             '    int n = 0;\n'
             '    for (Object index : indexes) n += ((java.util.Collection<?>) (f.get(index) instanceof Map<?, ?> m'
             ' ? m.keySet() : f.get(index))).size();\n'
             '    return field + " " + n;\n'
             '}')

    def test_the_index_waits_for_the_first_completion_and_keeps_only_packages(self):
        self.execute("var m = Matrix.zeros(2, 2);\nm.rows()")
        time.sleep(1)   # JShell would be indexing on its background thread by now
        self.assertEqual(self.result_text(self.INDEX + "indexes.size()"), "0")
        for _ in range(20):   # the first completion waits a second for the index; a busy machine needs more
            matches = self.shell_reply(self.kc.complete("import java.util.concu"))["content"]["matches"]
            if any(m.startswith("concurrent") for m in matches):
                break
            time.sleep(0.25)
        self.assertTrue(any(m.startswith("concurrent") for m in matches), msg=str(matches))
        self.assertNotEqual(self.result_text(self.INDEX + "indexes.size()"), "0")
        self.execute(self.SIZES)
        self.assertRegex(self.result_text("sizes(\"packages\")"), r"packages [1-9]\d{2,}")
        self.assertEqual(self.result_text("sizes(\"classSimpleName2FQN\")"), "\"classSimpleName2FQN 0\"")


class ReplPurgeTest(KernelTestCase):
    """JShell's purge of its REPL package after each compilation goes through the kernel's ReplPurge, and
    what is redefined is seen as redefined: classes, nested classes, methods, and the users of each."""

    def test_redefinitions_are_seen_with_the_quicker_purge(self):
        self.assertEqual(self.result_text("class Box { static class Inner { int v() { return 1; } } }\n"
                                          "new Box.Inner().v()"), "1")
        self.assertEqual(self.result_text("int twice() { return 2 * new Box.Inner().v(); }\ntwice()"), "2")
        self.assertEqual(self.result_text("class Box { static class Inner { int v() { return 5; } } }\n"
                                          "new Box.Inner().v()"), "5")
        self.assertEqual(self.result_text("twice()"), "10")
        self.assertEqual(self.result_text("int twice() { return 3 * new Box.Inner().v(); }\ntwice()"), "15")
        self.assertEqual(self.result_text("interface Shape { double area(); }\n"
                                          "record Sq(double s) implements Shape { public double area() { return s * s; } }\n"
                                          "new Sq(3).area()"), "9.0")
        self.assertEqual(self.result_text("record Sq(double s) implements Shape { public double area() { return 4 * s; } }\n"
                                          "new Sq(3).area()"), "12.0")
        purges = self.result_text(repl_purge_figure("purges", "long"))
        self.assertGreater(int(purges), 10, msg="JShell's TaskFactory was not rewritten: " + purges)


class DisplayTest(KernelTestCase):

    def test_chart_is_a_png_and_svg_on_request(self):
        self.execute('var chart = new XYChartBuilder().width(320).height(240).title("loss").build();\n'
                     'chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});')
        content, outputs = self.execute("chart")
        data = outputs[-1]["content"]["data"]
        self.assertTrue(base64.b64decode(data["image/png"]).startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertIn('"loss"', data["text/plain"])
        content, outputs = self.execute('display(chart, "image/svg+xml");')
        displays = [m for m in outputs if m["msg_type"] == "display_data"]
        self.assertEqual(len(displays), 1)
        self.assertIn("<svg", displays[0]["content"]["data"]["image/svg+xml"])

    def test_table_is_html(self):
        content, outputs = self.execute('Table.create("scores", DoubleColumn.create("x", 1.5, 2.5), '
                                        'StringColumn.create("name", "a<b", "c"))')
        html = outputs[-1]["content"]["data"]["text/html"]
        self.assertIn("<th", html)
        self.assertIn("a&lt;b", html)
        self.assertIn("2 rows", html)

    def test_svg_value_is_image_svg(self):
        content, outputs = self.execute('new org.gradflow.viz.Svg("<svg xmlns=\\"http://www.w3.org/2000/svg\\"/>", "dot")')
        self.assertEqual(outputs[-1]["content"]["data"]["image/svg+xml"], '<svg xmlns="http://www.w3.org/2000/svg"/>')

    def test_raw_outputs_from_strings_and_bundles(self):
        content, outputs = self.execute('display("{\\"a\\": [1, 2]}", "application/json");\n'
                                        'display("<b>bold</b>", "text/html");\n'
                                        'display("$x^2$", "text/latex");\n'
                                        'bundle("text/html", "<i>hi</i>", "text/markdown", "*hi*", "text/plain", "hi")')
        self.assertEqual(content["status"], "ok", msg=str(content))
        data = [m["content"]["data"] for m in outputs]
        self.assertEqual(data[0]["application/json"], {"a": [1, 2]})   # JSON, not a string
        self.assertEqual(data[1]["text/html"], "<b>bold</b>")
        self.assertEqual(data[2]["text/latex"], "$x^2$")
        self.assertEqual(outputs[3]["msg_type"], "execute_result")
        self.assertEqual(data[3], {"text/html": "<i>hi</i>", "text/markdown": "*hi*", "text/plain": "hi"})
        content, _ = self.execute('display(3, "application/json");')
        self.assertEqual(content["status"], "error")
        self.assertIn("java.lang.Integer cannot be shown as application/json; it can be shown as text/plain", content["evalue"])
        self.assertNotIn("[]", content["evalue"])

    def test_display_returns_an_id_that_update_display_replaces(self):
        content, outputs = self.execute('var id = display("first");\nupdateDisplay(id, "second");\nid')
        self.assertEqual(content["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds, ["display_data", "update_display_data"])
        self.assertEqual(outputs[0]["content"]["transient"]["display_id"], outputs[1]["content"]["transient"]["display_id"])
        self.assertEqual(outputs[1]["content"]["data"]["text/plain"], '"second"')

    def test_progress_bar_updates_in_place(self):
        content, outputs = self.execute('var bar = progress("epochs", 4);\n'
                                        'for (int i = 0; i < 4; i++) { Thread.sleep(120); bar.step("loss " + i); }')
        self.assertEqual(content["status"], "ok")
        first, updates = outputs[0], [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(first["msg_type"], "display_data")
        self.assertGreaterEqual(len(updates), 2)
        self.assertIn('value="4" max="4"', updates[-1]["content"]["data"]["text/html"])
        ids = {m["content"]["transient"]["display_id"] for m in outputs}
        self.assertEqual(len(ids), 1)

    def test_clear_output(self):
        content, outputs = self.execute('System.out.println("gone");\nclearOutput();')
        self.assertIn("clear_output", [m["msg_type"] for m in outputs])


class RobustnessTest(KernelTestCase):

    def interrupt_after(self, code, delay=0.7):
        """An interrupt that lands in time and keeps what was defined before the cell."""
        self.execute("int kept = 7;")
        super().interrupt_after(code, delay)
        self.assertEqual(self.result_text("kept"), "7")

    def test_interrupt_stops_a_busy_loop(self):
        self.interrupt_after("long n = 0;\nwhile (true) { n++; }")

    def test_interrupt_stops_a_sleep(self):
        self.interrupt_after("Thread.sleep(100_000);")

    def test_interrupt_stops_a_loop_that_swallows_interrupts(self):
        self.interrupt_after("while (true) { try { Thread.sleep(50); } catch (InterruptedException e) { } }")

    def test_gradflow_library_code_is_woven_by_the_agent(self):
        # Training loops in gradflow's library stop on interrupt on every JDK: the agent is loaded.
        self.assertEqual(self.result_text(
            "java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()"
            ".anyMatch(a -> a.startsWith(\"-javaagent:\") && a.endsWith(\"agent.jar\"))"), "true")

    def test_interrupt_during_heavy_output_leaves_the_channels_working(self):
        for _ in range(3):
            self.interrupt_after('var bar = progress("p", 1_000_000_000L);\n'
                                 'for (long i = 0; ; i++) { bar.step(); System.out.println("line " + i);'
                                 ' if (i % 5000 == 0) display("d"); }', delay=0.5)
        content, outputs = self.execute('System.out.println("after");')
        self.assertEqual(self.stdout_of(outputs), "after\n")

    def test_system_exit_is_an_error_and_the_kernel_keeps_its_state(self):
        self.execute("String note = \"still here\";")
        for code in ("System.exit(3);", "Runtime.getRuntime().halt(1);", "Runtime.getRuntime().exit(0);"):
            content, _ = self.execute(code)
            self.assertEqual(content["ename"], "ExitBlocked", msg=code)
        self.assertEqual(self.result_text("note"), '"still here"')

    def test_out_of_memory_is_an_error_and_the_kernel_keeps_answering(self):
        self.execute("int before = 5;")
        content, _ = self.execute("var local = new ArrayList<long[]>();\nwhile (true) { local.add(new long[1 << 20]); }",
                                  timeout=60)
        self.assertEqual(content["ename"], "java.lang.OutOfMemoryError")
        self.assertEqual(self.result_text("before * 2"), "10")

    def test_out_of_memory_held_by_a_variable_still_lets_the_kernel_answer(self):
        self.execute("List<long[]> hog = new ArrayList<>();")
        content, _ = self.execute("while (true) { hog.add(new long[1 << 20]); }", timeout=60)
        self.assertEqual(content["ename"], "java.lang.OutOfMemoryError")
        self.assertIn("null", "\n".join(content["traceback"]))
        self.assertEqual(self.result_text("hog.size() > 10"), "true")
        self.execute("hog = null;")
        self.assertEqual(self.result_text("new long[1 << 20].length"), "1048576")

    def test_stack_overflow_is_an_error(self):
        self.execute("int down(int n) { return down(n + 1) + 1; }")
        content, _ = self.execute("down(0)")
        self.assertEqual(content["ename"], "java.lang.StackOverflowError")
        self.assertLess(len(content["traceback"]), 10)
        self.assertEqual(self.result_text("1 + 1"), "2")


class SecurityTest(KernelTestCase):

    def forged_session(self, key):
        return Session(key=key, signature_scheme="hmac-sha256")

    def send_raw(self, port, session, msg_type):
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("tcp://127.0.0.1:%d" % port)
        msg = session.msg(msg_type, {})
        session.send(sock, msg)
        return sock, msg

    def test_forged_and_unsigned_messages_are_dropped_and_the_kernel_keeps_serving(self):
        info = self.km.get_connection_info()
        for key in (b"not-the-key", b""):
            for port in (info["shell_port"], info["control_port"]):
                sock, _ = self.send_raw(port, self.forged_session(key), "kernel_info_request")
                self.assertEqual(sock.poll(1000), 0, "the kernel answered a message it could not verify")
                sock.close()
        good = Session(key=info["key"], signature_scheme="hmac-sha256")
        sock, msg = self.send_raw(info["shell_port"], good, "kernel_info_request")
        self.assertEqual(sock.poll(5000), zmq.POLLIN)
        idents, reply = good.feed_identities(sock.recv_multipart())
        reply = good.deserialize(reply)
        self.assertEqual(reply["parent_header"]["msg_id"], msg["header"]["msg_id"])
        sock.close()
        self.assertEqual(self.result_text("1 + 2"), "3")
        log = self.kernel_log()
        self.assertIn("wrong HMAC signature", log)
        self.assertIn("missing HMAC signature", log)

    def test_sockets_listen_only_on_the_connection_address(self):
        pid = self.km.provisioner.pid
        out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True).stdout
        mine = [l for l in out.splitlines() if "pid=%d," % pid in l]
        self.assertEqual(len(mine), 5, msg=out)
        for line in mine:
            self.assertRegex(line.split()[3], r"^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):\d+$")


class HostileWireTest(KernelTestCase):
    """Bytes anyone on the machine can send, without the key, must not silence the kernel."""

    def assert_serving(self):
        self.assertEqual(self.result_text("1 + 2"), "3")
        msg_id = self.kc.kernel_info()
        self.assertEqual(self.shell_reply(msg_id, timeout=10)["content"]["status"], "ok")

    def test_a_frame_announced_as_huge_reserves_no_memory_and_every_socket_keeps_serving(self):
        info = self.km.get_connection_info()
        pid = self.km.provisioner.pid
        before = rss_mb(pid)
        held = []
        for port in (info["shell_port"], info["control_port"], info["stdin_port"], info["iopub_port"]):
            for size in (2 << 30, 600 << 20):
                sock = zmtp_dealer(port)
                try:
                    sock.sendall(b"\x02" + struct.pack(">Q", size) + b"xxxx")
                except OSError:
                    pass  # the kernel may already have hung up: what it should do
                held.append(sock)
        time.sleep(1.5)
        self.assert_serving()
        self.assertLess(rss_mb(pid) - before, 100, "announcing big frames raised the kernel's resident memory")
        for sock in held:
            sock.close()
        self.assert_serving()

    def test_a_heartbeat_ping_of_two_frames_is_echoed_and_the_heartbeat_keeps_beating(self):
        port = self.km.get_connection_info()["hb_port"]
        ctx = zmq.Context.instance()
        for ping in ([b"ping", b"x"], [b"ping"], [b"a", b"b", b"c"]):
            sock = ctx.socket(zmq.REQ)
            sock.linger = 0
            sock.connect("tcp://127.0.0.1:%d" % port)
            sock.send_multipart(ping)
            self.assertEqual(sock.poll(3000), zmq.POLLIN, "no heartbeat echo for %r" % ping)
            self.assertEqual(sock.recv_multipart(), ping)
            sock.close()
        self.assertTrue(self.kc.is_alive())

    def test_signed_headers_without_a_type_or_nested_deep_kill_no_thread_and_log_one_line_each(self):
        info = self.km.get_connection_info()
        key = info["key"]
        ctx = zmq.Context.instance()
        hostile = [header_text("null"), header_text("17"), header_text('{"a": 1}'),
                   header_text(extra=', "deep": ' + "[" * 20000 + "]" * 20000),
                   header_text(extra=', "deep": ' + '{"a":' * 20000 + "1" + "}" * 20000)]
        for port in (info["shell_port"], info["control_port"]):
            for header in hostile:
                sock = ctx.socket(zmq.DEALER)
                sock.linger = 0
                sock.connect("tcp://127.0.0.1:%d" % port)
                sock.send_multipart(signed_frames(key, header))
                sock.poll(300)
                sock.close()
        # A kernel_info_request whose content asks for odd types in known fields.
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect("tcp://127.0.0.1:%d" % info["shell_port"])
        sock.send_multipart(signed_frames(key, header_text('"execute_request"'),
                                          b'{"code": {"x": 1}, "silent": "yes", "store_history": [1]}'))
        sock.poll(2000)
        sock.close()
        time.sleep(0.5)
        # Outputs and idle still come (the IOPub thread lives), replies too (shell and control live).
        content, outputs = self.execute('System.out.println("alive");')
        self.assertEqual(self.stdout_of(outputs), "alive\n")
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(msg)
        self.assertEqual(self.kc.get_control_msg(timeout=5)["parent_header"]["msg_id"], msg["header"]["msg_id"])
        log = self.kernel_log()
        self.assertEqual(stack_trace_lines(log), [], msg=log[-3000:])
        self.assertNotIn("died", log)

    def test_a_subscriber_that_never_reads_does_not_fill_the_heap_while_a_cell_prints_hundreds_of_megabytes(self):
        port = self.km.get_connection_info()["iopub_port"]
        ctx = zmq.Context.instance()
        deaf = ctx.socket(zmq.SUB)
        deaf.linger = 0
        deaf.setsockopt(zmq.SUBSCRIBE, b"")
        deaf.setsockopt(zmq.RCVHWM, 1)
        deaf.connect("tcp://127.0.0.1:%d" % port)
        time.sleep(0.5)
        # 256 MB of output through a 192 MB heap, the test's own client reading as a front end does.
        msg_id = self.kc.execute('String mb = "x".repeat((1 << 20) - 1);\n'
                                 'for (int i = 0; i < 256; i++) System.out.println(mb);')
        deadline = time.time() + 120
        received = 0
        idle = False
        while time.time() < deadline and not idle:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Exception:  # noqa: BLE001 - queue.Empty
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                received += len(msg["content"]["text"])
            idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
        self.assertTrue(idle, "no idle status after the flood (%d MB received)" % (received >> 20))
        self.assertEqual(self.shell_reply(msg_id)["content"]["status"], "ok")
        self.assertGreater(received, 200 << 20, "a front end that reads lost the output")
        self.assert_serving()
        deaf.close()


class LongLabTest(KernelTestCase):

    def test_values_shown_by_expression_cells_are_not_kept(self):
        # Each expression's value (20 MB) is shown, then released: 15 of them would not fit the 192 MB heap.
        for _ in range(15):
            content, outputs = self.execute("new java.util.BitSet(160 << 20)")
            self.assertEqual(content["status"], "ok", msg=str(content))
        self.assertEqual(self.result_text("1 + 1"), "2")

    def test_replaced_and_repeated_definitions_keep_working_after_what_they_replaced_is_let_go(self):
        for code in ("int kept = 7;", "int kept = 7;", "int f(int x) { return x; }",
                     "int g(int x) { return f(x) + 1; }", "int f(int x) { return 2 * x; }",
                     "int f(int x) { return 2 * x; }", "var list = List.of(1);", "var list = List.of(1, 2);",
                     'var words = List.of("a");', 'var words = List.of("a");'):
            content, _ = self.execute(code)
            self.assertEqual(content["status"], "ok", msg=code + ": " + str(content))
        self.assertEqual(self.result_text("kept + g(3)"), "14")  # 7 + (2 * 3 + 1)
        self.assertEqual(self.result_text("list.size()"), "2")
        self.assertEqual(self.result_text("words.size()"), "1")
        content, _ = self.execute("Integer.parseInt(\"x\")")
        self.assertEqual(content["ename"], "java.lang.NumberFormatException")
        self.assertEqual(self.result_text("kept"), "7")


class BusyLabTest(KernelTestCase):
    java_opts = ""   # the kernel's own heap and class-metadata settings

    def test_classes_of_replaced_cells_are_unloaded_while_the_kernel_never_rests(self):
        """A lab that keeps the kernel busy (no 5 s idle spell, so no idle collection) still gets the classes
        of replaced cells unloaded, and class metadata stays small. Left to the JVM's 21 MB threshold, nothing
        is unloaded here (10 MB of metadata after these cells), and in a long lab one late cycle unloads
        thousands of classes, after which G1 grew the heap by ~240 MB at once."""
        probe = ("java.lang.management.ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount() + \" \" + "
                 "java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()"
                 ".filter(p -> p.getName().equals(\"Metaspace\")).mapToLong(p -> p.getUsage().getUsed()).sum()")
        unloaded_before, _ = map(int, self.result_text(probe).strip('"').split())
        cells = 1000
        for i in range(cells):   # each cell replaces one of 50 classes of 30 methods
            methods = " ".join("int m%d(int x) { return x + %d; }" % (k, i + k) for k in range(30))
            content, _ = self.execute("class K%d { %s }" % (i % 50, methods))
            self.assertEqual(content["status"], "ok", msg=str(content))
        unloaded, metaspace = map(int, self.result_text(probe).strip('"').split())
        self.assertGreater(unloaded - unloaded_before, 500, "classes of replaced cells were not unloaded under load")
        self.assertLess(metaspace, 8 << 20, "class metadata holds %.1f MB after %d busy cells" % (metaspace / 2 ** 20, cells))
        # javac's table of classes keeps no name of a replaced cell's class either (each purge of the REPL
        # package walked every name ever compiled, an emptied entry per class, until the idle renewal): what
        # is left are the 50 live classes and their wrappers, and a few of the kernel's start-up snippets.
        kept = int(self.result_text(repl_purge_figure("kept", "int")))
        self.assertLess(kept, 150, "javac's table holds %d names of the REPL package after %d busy cells" % (kept, cells))


class MemoryGivenBackTest(KernelTestCase):
    java_opts = "-Xmx1g"

    def test_memory_a_cell_lets_go_goes_back_to_the_system_within_10_seconds(self):
        pid = self.km.provisioner.pid
        self.execute("1 + 1")
        time.sleep(7)  # the kernel's own idle collection after start-up
        idle = rss_mb(pid)
        self.execute("double[] big = new double[50_000_000]; java.util.Arrays.fill(big, 1.0);")  # 400 MB
        held = rss_mb(pid)
        self.assertGreater(held - idle, 300, "the 400 MB array did not show in resident memory")
        self.execute("big = null;")
        released = time.time()
        while rss_mb(pid) > idle + 100 and time.time() - released < 10:
            time.sleep(0.5)
        self.assertLess(rss_mb(pid), idle + 100, "10 s after `big = null` the kernel still holds %.0f MB (%.0f MB "
                        "idle before, %.0f MB with the array)" % (rss_mb(pid), idle, held))
        self.assertEqual(self.result_text("1 + 1"), "2")


class SharedArchiveTest(KernelTestCase):

    def test_class_data_archives_are_mapped_where_they_were_made_so_kernels_share_their_pages(self):
        """Mapped at the address they were made for, the archives stay clean file pages that every kernel on a
        machine shares; mapped at a random address (the JVM's default), every pointer in them is rewritten and
        ~16 MB of them become private to each kernel. So two starts of the kernel map them at one address."""
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec("gradflow").resource_dir
        with open(os.path.join(spec, "java")) as f:
            java = f.read().strip()
        probe = subprocess.run([java, "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0", "-version"],
                               capture_output=True)
        if probe.returncode != 0:
            self.skipTest("this java has no ArchiveRelocationMode; its archives are mapped as it chooses")
        self.assertTrue(os.path.exists(os.path.join(spec, "archive-options")),
                        "kernel/install did not record the archive options although this java takes them")
        self.execute("1 + 1")
        with open("/proc/%d/maps" % self.km.provisioner.pid) as f:
            kernel = min(int(line.split("-")[0], 16) for line in f if line.rstrip().endswith("/gradflow.jsa"))
        again = subprocess.run([os.path.join(spec, "run"), "unused"], capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, GRADFLOW_JAVA_OPTS="-Xlog:cds=info -version"))
        mapped = re.search(r"Mapped dynamic region #0 at base (0x[0-9a-f]+)", again.stdout + again.stderr)
        self.assertIsNotNone(mapped, again.stdout + again.stderr)
        self.assertEqual(hex(kernel), hex(int(mapped.group(1), 16)),
                         "the kernel's archive is not mapped where another start of the kernel maps it")


class InterruptEscapeTest(KernelTestCase):

    def test_interrupt_ends_a_blocking_accept_and_keeps_the_socket(self):
        self.execute("var server = new java.net.ServerSocket(0);")
        self.interrupt_after("server.accept();")
        self.assertEqual(self.result_text("server.isClosed()"), "false")

    def test_interrupt_ends_a_read_from_a_process_the_cell_started(self):
        content, outputs = self.interrupt_after('var p = new ProcessBuilder("sleep", "60").start();\n'
                                                'p.getInputStream().read();')
        self.assertEqual(self.result_text("p.isAlive()"), "false")

    def test_interrupt_leaves_a_background_thread_the_cell_started_running(self):
        self.execute("var counter = new java.util.concurrent.atomic.AtomicLong();\n"
                     "var bg = new Thread(() -> { while (true) { counter.incrementAndGet(); } });\n"
                     "bg.setDaemon(true);\nbg.start();")
        self.interrupt_after("while (true) { }")
        self.assertEqual(self.result_text("bg.isAlive()"), "true")
        self.assertEqual(self.result_text("long a = counter.get(); Thread.sleep(100); counter.get() > a"), "true")

    def test_control_requests_are_answered_while_a_cell_runs(self):
        msg_id = self.kc.execute("Thread.sleep(4000);")
        time.sleep(0.5)
        for msg_type, content in (("complete_request", {"code": "Math.ma", "cursor_pos": 7}),
                                  ("inspect_request", {"code": "Math.max", "cursor_pos": 6, "detail_level": 0}),
                                  ("is_complete_request", {"code": "int x ="}),
                                  ("kernel_info_request", {})):
            msg = self.kc.session.msg(msg_type, content)
            start = time.time()
            self.kc.control_channel.send(msg)
            reply = self.kc.get_control_msg(timeout=2)
            self.assertLess(time.time() - start, 2.0, msg_type)
            self.assertEqual(reply["parent_header"]["msg_id"], msg["header"]["msg_id"])
        self.km.interrupt_kernel()
        content, _ = self.collect(msg_id, timeout=5)
        self.assertEqual(content["ename"], "Interrupted")

    def test_every_route_to_exit_is_an_error_and_the_kernel_keeps_its_state(self):
        self.execute('String note = "still here";')
        routes = [
            "java.util.function.IntConsumer f = System::exit;\nf.accept(0);",
            "java.util.function.IntConsumer h = Runtime.getRuntime()::halt;\nh.accept(1);",
            'System.class.getMethod("exit", int.class).invoke(null, 0);',
            'Runtime.class.getMethod("halt", int.class).invoke(Runtime.getRuntime(), 0);',
            "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\",\n"
            "    java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(0);",
            'sun.misc.Signal.raise(new sun.misc.Signal("TERM"));',
            'sun.misc.Signal.raise(new sun.misc.Signal("INT"));',
        ]
        for code in routes:
            content, _ = self.execute(code)
            self.assertEqual(content["status"], "error", msg=code)
            self.assertIn("would end the kernel", "\n".join(content["traceback"]) + content["evalue"], msg=code)
            self.assertTrue(self.km.is_alive(), msg=code)
        self.assertEqual(self.result_text("note"), '"still here"')

    def test_closing_system_out_and_err_does_not_drop_later_output(self):
        content, outputs = self.execute('System.out.close();\nSystem.err.close();\n'
                                        'System.out.println("same cell");')
        self.assertEqual(self.stdout_of(outputs), "same cell\n")
        content, outputs = self.execute('System.out.println("next cell");\nSystem.err.println("err too");')
        self.assertEqual(self.stdout_of(outputs), "next cell\n")
        self.assertIn("err too", "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"))

    def test_replacing_system_in_does_not_silently_stop_input(self):
        self.execute("System.setIn(new java.io.ByteArrayInputStream(new byte[0]));")
        msg_id = self.kc.execute('new java.util.Scanner(System.in).nextLine()', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("typed")
        content, outputs = self.collect(msg_id)
        self.assertEqual(content["status"], "ok", msg=str(content))
        self.assertIn("System.in", "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream"))

    def test_an_input_reply_sent_before_the_input_request_is_discarded(self):
        self.kc.input("stale")
        time.sleep(0.5)
        msg_id = self.kc.execute('new java.util.Scanner(System.in).nextLine()', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("fresh")
        content, outputs = self.collect(msg_id)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"],
                         ['"fresh"'])


class StuckCellTest(KernelTestCase):

    def test_a_deadlock_is_answered_within_two_seconds_and_the_kernel_offers_a_restart(self):
        self.execute("int before = 1;")
        msg_id = self.kc.execute(
            "Object a = new Object(), b = new Object();\n"
            "var other = new Thread(() -> { synchronized (b) { try { Thread.sleep(300); } catch (Exception e) { }"
            " synchronized (a) { } } });\n"
            "other.setDaemon(true);\n"
            "synchronized (a) { other.start(); Thread.sleep(100); synchronized (b) { } }")
        time.sleep(1.0)
        start = time.time()
        self.km.interrupt_kernel()
        content, _ = self.collect(msg_id, timeout=10)
        self.assertLess(time.time() - start, 2.0)
        self.assertEqual(content["status"], "error")
        if content["ename"] == "Interrupted":
            return  # this JDK could stop it (Thread.stop): nothing is stuck
        self.assertEqual(content["ename"], "KernelStuck")
        self.assertIn("Restart", content["evalue"])
        # Later cells say so at once; control requests are answered.
        content, _ = self.execute("1 + 1", timeout=5)
        self.assertEqual(content["ename"], "KernelStuck")
        msg = self.kc.session.msg("complete_request", {"code": "Math.ma", "cursor_pos": 7})
        self.kc.control_channel.send(msg)
        self.assertEqual(self.kc.get_control_msg(timeout=2)["parent_header"]["msg_id"], msg["header"]["msg_id"])
        # And the stuck kernel can still be shut down.
        self.kc.shutdown()
        deadline = time.time() + 10
        while self.km.is_alive() and time.time() < deadline:
            time.sleep(0.1)
        self.assertFalse(self.km.is_alive())


LAUNCHER = """
import subprocess, sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="gradflow")
km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(km.provisioner.pid, flush=True)
time.sleep(600)
"""


class ProcessTest(unittest.TestCase):

    def wait_gone(self, pid, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                os.kill(pid, 0)
                with open("/proc/%d/stat" % pid) as f:
                    if f.read().split(") ")[1].startswith("Z"):
                        return True
            except (ProcessLookupError, FileNotFoundError):
                return True
            time.sleep(0.2)
        return False

    def test_the_kernel_exits_when_its_launching_process_dies(self):
        launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdout=subprocess.PIPE, text=True)
        pid = int(launcher.stdout.readline())
        try:
            time.sleep(2)
            launcher.kill()
            launcher.wait()
            self.assertTrue(self.wait_gone(pid, 10), "the kernel outlived the process that launched it")
        finally:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def test_a_channel_thread_that_dies_is_logged_once_and_the_kernel_exits_for_a_restart(self):
        from jupyter_client.manager import KernelManager
        for name in ("gradflow-heartbeat", "gradflow-control", "gradflow-iopub"):
            with tempfile.TemporaryFile(mode="w+") as log:
                km = KernelManager(kernel_name="gradflow")
                km.start_kernel(stdout=log, stderr=log)
                kc = km.client()
                kc.start_channels()
                try:
                    kc.wait_for_ready(timeout=TIMEOUT)
                    # A hostile cell ends one of the kernel's own threads.
                    code = ('Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("%s"))'
                            '.findFirst().orElseThrow().stop();' % name)
                    kc.execute(code)   # the kernel may end before it can reply
                    deadline = time.time() + 10
                    while km.is_alive() and time.time() < deadline:
                        time.sleep(0.1)
                    if km.is_alive():
                        reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
                        if reply.get("ename") == "java.lang.UnsupportedOperationException":
                            self.skipTest("this JDK cannot stop another thread (Thread.stop)")
                    self.assertFalse(km.is_alive(), "the kernel lives on without its %s thread" % name)
                    self.assertEqual(km.provisioner.process.returncode, 70)
                    log.seek(0)
                    text = log.read()
                    died = [line for line in text.splitlines() if "thread %s died" % name in line]
                    self.assertEqual(len(died), 1, text)
                    self.assertIn("the kernel exits so the front end can restart it", died[0])
                    self.assertEqual(stack_trace_lines(text), [])
                finally:
                    kc.stop_channels()
                    if km.is_alive():
                        km.shutdown_kernel(now=True)

    def test_shutdown_ends_the_processes_cells_started_and_sigterm_still_ends_the_kernel(self):
        from jupyter_client.manager import KernelManager
        for how in ("shutdown", "sigterm"):
            km = KernelManager(kernel_name="gradflow")
            km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=TIMEOUT)
            outputs = []
            kc.execute_interactive('new ProcessBuilder("sleep", "300").start().pid()', timeout=TIMEOUT,
                                   output_hook=outputs.append)
            results = [m for m in outputs if m["msg_type"] == "execute_result"]
            child = int(results[0]["content"]["data"]["text/plain"])
            kernel = km.provisioner.pid
            if how == "shutdown":
                kc.shutdown()
            else:
                os.kill(kernel, signal.SIGTERM)
            self.assertTrue(self.wait_gone(kernel, 10), "the kernel did not end on " + how)
            kc.stop_channels()
            km.cleanup_resources()
            gone = self.wait_gone(child, 5)
            if not gone:
                os.kill(child, signal.SIGKILL)
            self.assertTrue(gone, "a process a cell started outlived the kernel (" + how + ")")


class ShutdownTest(KernelTestCase):

    def test_shutdown_replies_and_the_process_ends(self):
        msg_id = self.kc.shutdown()
        reply = self.kc.get_control_msg(timeout=TIMEOUT) if hasattr(self.kc, "get_control_msg") else self.shell_reply(msg_id)
        self.assertEqual(reply["content"], {"status": "ok", "restart": False})
        deadline = time.time() + 10
        while self.km.is_alive() and time.time() < deadline:
            time.sleep(0.1)
        self.assertFalse(self.km.is_alive())


if __name__ == "__main__":
    unittest.main()
