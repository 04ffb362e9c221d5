"""Starts the installed gradflow kernel with jupyter_client (JUPYTER_PATH must point at the prefix
that kernel/install --prefix filled; kernel/test-protocol does this)."""
import os
import socket
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

TIMEOUT = 30


class KernelTestCase(unittest.TestCase):
    """One kernel for the whole class; its log (the kernel's stderr) is kept in self.log_path."""

    java_opts = "-Xmx192m"

    @classmethod
    def setUpClass(cls):
        cls.log = tempfile.NamedTemporaryFile(prefix="gradflow-kernel-", suffix=".log", delete=False)
        env = dict(os.environ, GRADFLOW_JAVA_OPTS=cls.java_opts)
        cls.km = KernelManager(kernel_name="gradflow")
        cls.km.start_kernel(env=env, stderr=cls.log, stdout=cls.log)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=False)
        cls.log.close()
        if os.environ.get("GRADFLOW_KEEP_LOG"):
            print("kernel log kept in", cls.log.name)
        else:
            os.unlink(cls.log.name)

    def kernel_log(self):
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def execute(self, code, timeout=TIMEOUT, **kwargs):
        """Runs code; returns (reply content, list of IOPub messages for it up to idle)."""
        msg_id = self.kc.execute(code, **kwargs)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=TIMEOUT):
        reply = self.shell_reply(msg_id, timeout)
        outputs = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], outputs
            if msg["msg_type"] not in ("status", "execute_input"):
                outputs.append(msg)
        self.fail("no idle status for " + code_of(msg_id))

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
        self.fail("no reply to " + msg_id)

    def result_text(self, code):
        content, outputs = self.execute(code)
        self.assertEqual(content["status"], "ok", msg=str(content))
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, msg=str(outputs))
        return results[0]["content"]["data"]["text/plain"]

    def interrupt_after(self, code, delay=0.7, enames=("Interrupted",)):
        """Runs code, interrupts it after delay seconds; the reply must be an error of one of enames within
        2 s of the interrupt. Returns (reply content, outputs)."""
        msg_id = self.kc.execute(code)
        time.sleep(delay)
        start = time.time()
        self.km.interrupt_kernel()
        content, outputs = self.collect(msg_id, timeout=10)
        elapsed = time.time() - start
        self.assertEqual(content["status"], "error")
        self.assertIn(content["ename"], enames, msg=str(content))
        self.assertLess(elapsed, 2.0)
        return content, outputs

    def stdout_of(self, outputs):
        return "".join(m["content"]["text"] for m in outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def rss_mb(pid):
    """Resident memory of a process in MB, from /proc/PID/status."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def free_port():
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def code_of(msg_id):
    return msg_id
