"""A real browser: Debian's Jupyter Notebook and chromium, driven by playwright-core (kernel/tests/browser).
Opens lesson 1, runs all cells from the menu, checks there is no error output and every picture loaded,
stops a runaway cell with the interrupt button, saves, and checks the saved notebook holds the PNGs.
A screenshot lands in target/browser-lesson1.png. Installed by `scripts/setup --browser`; skipped otherwise.
JUPYTER_PATH must name the prefix that kernel/install --prefix filled (kernel/test-protocol does this)."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request
import uuid

import nbformat

from kernel_fixture import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
LESSON1 = os.path.join(REPO, "notebooks", "solutions", "01-chain-rule-and-gradient-flow.ipynb")
DRIVER = os.path.join(HERE, "browser", "drive.js")


def skip_reason():
    missing = [p for p in ("/usr/bin/chromium", "/usr/bin/jupyter-notebook") if not os.path.exists(p)]
    if missing:
        return "not installed: %s (as root: scripts/setup --browser)" % ", ".join(missing)
    if not os.path.isdir(os.path.join(HERE, "browser", "node_modules", "playwright-core")):
        return "playwright-core is not installed in kernel/tests/browser (scripts/setup --browser)"
    if shutil.which("node") is None:
        return "no node to run playwright-core"
    if not os.environ.get("JUPYTER_PATH"):
        return "JUPYTER_PATH does not name an installed gradflow kernelspec (run through kernel/test-protocol)"
    return None


@unittest.skipIf(skip_reason(), skip_reason())
class BrowserTest(unittest.TestCase):

    def test_lesson_1_runs_in_chromium_with_pictures_interrupt_and_saved_pngs(self):
        work = tempfile.mkdtemp(prefix="gradflow-browser-")
        token = uuid.uuid4().hex
        port = free_port()
        shutil.copy(LESSON1, os.path.join(work, "lesson1.ipynb"))
        log = open(os.path.join(work, "server.log"), "w")
        argv = ["/usr/bin/jupyter-notebook", "--no-browser", "--ip=127.0.0.1", "--port=%d" % port,
                "--NotebookApp.token=" + token, "--notebook-dir=" + work]
        if os.geteuid() == 0:
            argv.append("--allow-root")
        server = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                  env=dict(os.environ, JUPYTER_RUNTIME_DIR=os.path.join(work, "runtime")))
        try:
            deadline = time.time() + 60
            while True:
                try:
                    urllib.request.urlopen("http://127.0.0.1:%d/api?token=%s" % (port, token), timeout=5)
                    break
                except OSError:
                    self.assertLess(time.time(), deadline, "the notebook server did not start")
                    time.sleep(0.5)
            shot = os.path.join(REPO, "target", "browser-lesson1.png")
            os.makedirs(os.path.dirname(shot), exist_ok=True)
            url = "http://127.0.0.1:%d/notebooks/lesson1.ipynb?token=%s" % (port, token)
            run = subprocess.run(["node", DRIVER, url, shot], capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            findings = json.loads(run.stdout.strip().splitlines()[-1])
            if os.environ.get("GRADFLOW_BROWSER_VERBOSE"):
                print(findings)
            self.assertEqual(findings["errors"], [])
            self.assertGreater(len(findings["images"]) + findings["svgs"], 0)
            self.assertTrue(all(i["ok"] for i in findings["images"]), findings["images"])
            self.assertEqual(findings["interruptError"], "Interrupted")
            self.assertLess(findings["interruptSeconds"], 5)
            self.assertTrue(os.path.getsize(shot) > 10000)
            saved = nbformat.read(os.path.join(work, "lesson1.ipynb"), as_version=4)
            outputs = [o for c in saved.cells if c.cell_type == "code" for o in c.outputs]
            self.assertEqual([o for o in outputs if o.output_type == "error"], [])
            pngs = [o for o in outputs if "image/png" in o.get("data", {})]
            self.assertEqual(len(pngs), sum(1 for i in findings["images"]), "every picture shown is saved as a PNG")
            self.assertGreater(len(pngs), 0)
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
