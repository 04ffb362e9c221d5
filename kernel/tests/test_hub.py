"""JupyterHub (kernel/deploy/jupyterhub_config.py) with several local students running lesson 1 at the same
time through the hub's REST API and the kernel websocket, as a browser would; no student reads another's files.

Needs root (it creates the Unix accounts gfstudent1..3 and removes them afterwards) and Debian's jupyterhub
(`scripts/setup --hub` as root installs it); otherwise it is skipped with the reason. JUPYTER_PATH must name
the prefix that kernel/install --prefix filled (kernel/test-protocol does this)."""
import asyncio
import json
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

import nbformat

from kernel_fixture import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "deploy", "jupyterhub_config.py")
LESSON1 = os.path.join(HERE, "..", "..", "notebooks", "solutions", "01-chain-rule-and-gradient-flow.ipynb")
STUDENTS = ["gfstudent1", "gfstudent2", "gfstudent3"]
TOKEN = uuid.uuid4().hex


def skip_reason():
    if os.geteuid() != 0:
        return "the hub test needs root (it creates local student accounts)"
    if shutil.which("jupyterhub") is None or shutil.which("configurable-http-proxy") is None:
        return "Debian's jupyterhub is not installed (as root: scripts/setup --hub)"
    if shutil.which("useradd") is None:
        return "no useradd to create student accounts"
    if not os.environ.get("JUPYTER_PATH"):
        return "JUPYTER_PATH does not name an installed gradflow kernelspec (run through kernel/test-protocol)"
    return None


@unittest.skipIf(skip_reason(), skip_reason())
class HubTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="gradflow-hub-")
        # Students must read the kernelspec: open the path to it (temporary directories are private).
        spec_prefix = os.environ["JUPYTER_PATH"].split(os.pathsep)[0]
        path = spec_prefix
        while path not in ("/", "/tmp", ""):
            os.chmod(path, os.stat(path).st_mode | stat.S_IXOTH | stat.S_IROTH)
            path = os.path.dirname(path)
        for user in STUDENTS:
            if subprocess.run(["id", user], capture_output=True).returncode != 0:
                subprocess.run(["useradd", "-m", "-s", "/bin/bash", user], check=True)
            os.chmod(pwd.getpwnam(user).pw_dir, 0o755)   # Debian's default: readable by everyone
        cls.port = free_port()
        config = os.path.join(cls.work, "test_config.py")
        with open(config, "w") as f:
            f.write("exec(open(%r).read())\n" % os.path.abspath(CONFIG))
            f.write("c.JupyterHub.port = %d\n" % cls.port)
            f.write("c.JupyterHub.hub_port = %d\n" % free_port())
            f.write("c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:%d'\n" % free_port())
            f.write("c.Authenticator.allowed_users = set(%r)\n" % STUDENTS)
            f.write("c.JupyterHub.services = [{'name': 'grader', 'api_token': %r}]\n" % TOKEN)
            f.write("c.JupyterHub.load_roles = [{'name': 'grader', 'services': ['grader'], 'scopes': "
                    "['admin:users', 'admin:servers', 'access:servers', 'list:users', 'read:users']}]\n")
            f.write("c.Spawner.environment['JUPYTER_PATH'] = %r\n" % spec_prefix)
            f.write("c.Spawner.environment['GRADFLOW_JAVA_OPTS'] = '-Xmx256m'\n")
            f.write("c.Spawner.start_timeout = 120\nc.Spawner.http_timeout = 120\n")
        cls.log = open(os.path.join(cls.work, "hub.log"), "w")
        cls.hub = subprocess.Popen(["jupyterhub", "-f", config], cwd=cls.work, stdout=cls.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            try:
                cls.api("GET", "/hub/api/")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline or cls.hub.poll() is not None:
                    raise AssertionError("the hub did not start; its log:\n" + cls.hub_log())
                time.sleep(0.5)

    @classmethod
    def tearDownClass(cls):
        for user in STUDENTS:
            try:
                cls.api("DELETE", "/hub/api/users/%s/server" % user)
            except Exception:
                pass
        cls.hub.terminate()
        try:
            cls.hub.wait(20)
        except subprocess.TimeoutExpired:
            cls.hub.kill()
        cls.log.close()
        for user in STUDENTS:
            # The accounts exist for this test only: end what still runs as them (by user), then remove them.
            subprocess.run(["pkill", "-u", user], capture_output=True)
            deadline = time.time() + 10
            while subprocess.run(["pgrep", "-u", user], capture_output=True).returncode == 0:
                if time.time() > deadline:
                    subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
                time.sleep(0.2)
            removed = subprocess.run(["userdel", "-r", user], capture_output=True, text=True)
            if subprocess.run(["id", user], capture_output=True).returncode == 0:
                print("could not remove the test account %s: %s" % (user, removed.stderr.strip()))
        shutil.rmtree(cls.work, ignore_errors=True)

    @classmethod
    def hub_log(cls):
        with open(os.path.join(cls.work, "hub.log"), errors="replace") as f:
            return f.read()[-4000:]

    @classmethod
    def api(cls, method, path, body=None):
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (cls.port, path), method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": "token " + TOKEN, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return json.loads(text) if text else None

    def start_servers(self):
        for user in STUDENTS:
            try:
                self.api("POST", "/hub/api/users/%s" % user)
            except urllib.error.HTTPError as e:
                if e.code != 409:   # already there
                    raise
            try:
                self.api("POST", "/hub/api/users/%s/server" % user)
            except urllib.error.HTTPError as e:
                if e.code not in (201, 202, 400):
                    raise
        deadline = time.time() + 120
        for user in STUDENTS:
            while not self.api("GET", "/hub/api/users/%s" % user)["servers"].get("", {}).get("ready"):
                self.assertLess(time.time(), deadline, "the server of %s did not start:\n%s" % (user, self.hub_log()))
                time.sleep(0.5)

    async def run_cells(self, user, cells):
        """Runs cells in a new gradflow kernel of the student over the kernel websocket; per cell, (status, output types)."""
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect
        kernel = self.api("POST", "/user/%s/api/kernels" % user, {"name": "gradflow"})
        url = "ws://127.0.0.1:%d/user/%s/api/kernels/%s/channels" % (self.port, user, kernel["id"])
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": "token " + TOKEN}))
        session = uuid.uuid4().hex
        results = []
        try:
            for code in cells:
                msg_id = uuid.uuid4().hex
                await ws.write_message(json.dumps({
                    "channel": "shell", "parent_header": {}, "metadata": {}, "buffers": [],
                    "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": session,
                               "date": "2026-01-01T00:00:00Z", "version": "5.3"},
                    "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                "allow_stdin": False, "stop_on_error": True}}))
                status, outputs, idle = None, [], False
                while status is None or not idle:
                    raw = await asyncio.wait_for(ws.read_message(), 300)
                    self.assertIsNotNone(raw, "the websocket of %s closed" % user)
                    msg = json.loads(raw)
                    if msg.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind = msg["msg_type"]
                    if kind == "execute_reply":
                        status = msg["content"]["status"]
                        if status == "error":
                            outputs.append("error: %s: %s" % (msg["content"].get("ename"), msg["content"].get("evalue")))
                    elif kind == "status" and msg["content"]["execution_state"] == "idle":
                        idle = True
                    elif kind in ("execute_result", "display_data", "error"):
                        outputs.append(kind)
                results.append((status, outputs))
        finally:
            ws.close()
        return results

    def test_every_student_runs_lesson_1_at_once_and_nobody_reads_another_students_notebook(self):
        self.start_servers()
        for user in STUDENTS:
            self.assertEqual(stat.S_IMODE(os.stat(pwd.getpwnam(user).pw_dir).st_mode) & 0o077, 0,
                             "the home folder of %s is readable by others" % user)
        secret = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("int answer = 42;")])
        self.api("PUT", "/user/%s/api/contents/mine.ipynb" % STUDENTS[0],
                 {"type": "notebook", "format": "json", "content": secret})
        nb = nbformat.read(LESSON1, as_version=4)
        cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]

        async def everyone():
            return await asyncio.gather(*(self.run_cells(user, cells) for user in STUDENTS))
        runs = asyncio.run(everyone())
        for user, results in zip(STUDENTS, runs):
            self.assertEqual(len(results), len(cells))
            for i, (status, outputs) in enumerate(results):
                self.assertEqual(status, "ok", "%s, cell %d of lesson 1: %s" % (user, i + 1, outputs))
        # Every student got every result: the same outputs, cell by cell, and pictures/tables among them.
        self.assertEqual(runs[0], runs[1])
        self.assertEqual(runs[0], runs[2])
        self.assertGreater(sum(len(o) for _, o in runs[0]), 10)

        snoop = 'java.nio.file.Files.readString(java.nio.file.Path.of("%s/mine.ipynb"))' % pwd.getpwnam(STUDENTS[0]).pw_dir
        (status, outputs), = asyncio.run(self.run_cells(STUDENTS[1], [snoop]))
        self.assertEqual(status, "error")
        self.assertIn("java.nio.file.AccessDeniedException", " ".join(outputs))
        (status, outputs), = asyncio.run(self.run_cells(STUDENTS[0], [snoop]))
        self.assertEqual(status, "ok", outputs)


if __name__ == "__main__":
    unittest.main()
