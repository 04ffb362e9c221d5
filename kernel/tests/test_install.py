"""kernel/install: what it says when something is missing, and a user install Jupyter finds."""
import json
import os
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
INSTALL = os.path.join(HERE, "..", "install")


def fake_java(directory, version, modules):
    path = os.path.join(directory, "java")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                "case \"$1\" in --list-modules) printf '%s\\n' " + " ".join(modules) + ";;\n"
                "*) echo '    java.specification.version = " + version + "' >&2;; esac\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    return path


class InstallTest(unittest.TestCase):

    def install(self, *args, env=None):
        result = subprocess.run([INSTALL, *args], capture_output=True, text=True, env=dict(os.environ, **(env or {})))
        return result.returncode, result.stdout + result.stderr

    def test_missing_or_unsuitable_java_is_named(self):
        with tempfile.TemporaryDirectory() as d:
            code, out = self.install("--java", os.path.join(d, "nowhere"))
            self.assertNotEqual(code, 0)
            self.assertIn("is not executable", out)
            code, out = self.install("--java", fake_java(d, "11", ["java.base@11"]))
            self.assertNotEqual(code, 0)
            self.assertIn("Java 11; the kernel needs a JDK 17 or newer", out)
            code, out = self.install("--java", fake_java(d, "17", ["java.base@17"]))
            self.assertIn("it is a JRE", out)

    def test_missing_jupyter_is_named_with_how_to_install_it(self):
        code, out = self.install("--prefix", "/tmp/unused", env={"GRADFLOW_PYTHON": "/bin/false"})
        self.assertNotEqual(code, 0)
        self.assertIn("Jupyter is not installed", out)
        self.assertIn("apt-get install", out)

    def test_user_install_is_a_kernelspec_jupyter_lists(self):
        with tempfile.TemporaryDirectory() as data:
            code, out = self.install(env={"JUPYTER_DATA_DIR": data})
            self.assertEqual(code, 0, out)
            listed = subprocess.run(["/usr/bin/python3", "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                                    capture_output=True, text=True, env=dict(os.environ, JUPYTER_DATA_DIR=data, JUPYTER_PATH=""))
            specs = json.loads(listed.stdout)["kernelspecs"]
            self.assertIn("gradflow", specs)
            spec = specs["gradflow"]["spec"]
            self.assertEqual(spec["display_name"], "Java (gradflow)")
            self.assertEqual(spec["language"], "java")
            self.assertEqual(spec["interrupt_mode"], "message")
            self.assertTrue(os.access(spec["argv"][0], os.X_OK))
            self.assertEqual(spec["argv"][1], "{connection_file}")
            self.assertNotIn("warning", out)
            self.assert_archive_holds_the_request_path(specs["gradflow"]["resource_dir"])

    def assert_archive_holds_the_request_path(self, kernel_dir):
        """The start-up archive was recorded by a warm-up that went through the kernel's own sockets."""
        with open(os.path.join(kernel_dir, "java")) as f:
            java = f.read().strip()
        with open(os.path.join(kernel_dir, "classpath")) as f:
            classpath = ":".join(line.strip() for line in f if line.strip())
        listing = subprocess.run([java, "-XX:SharedArchiveFile=" + os.path.join(kernel_dir, "gradflow.jsa"),
                                  "-XX:+PrintSharedArchiveAndExit", "-cp", classpath],
                                 capture_output=True, text=True).stdout
        self.assertIn("archive is valid", listing)
        for name in ("org.gradflow.kernel.wire.KernelServer", "org.gradflow.kernel.JavaKernel", "zmq.io.StreamEngine ",
                     "com.google.gson.JsonParser", "jdk.jshell.JShell ", "com.sun.tools.javac.comp.Attr "):
            self.assertIn(name, listing, "the start-up archive lacks " + name.strip())


    @unittest.skipIf(os.geteuid() != 0, "needs root: installs system-wide, then runs the kernel as the user nobody")
    def test_system_wide_install_serves_a_user_who_cannot_write_to_it(self):
        import pwd
        import shutil
        nobody = pwd.getpwnam("nobody")
        prefix = tempfile.mkdtemp(prefix="gradflow-system-")   # stands for /usr/local
        home = tempfile.mkdtemp(prefix="gradflow-student-")
        try:
            os.chmod(prefix, 0o755)
            code, out = self.install("--prefix", prefix)
            self.assertEqual(code, 0, out)
            os.chown(home, nobody.pw_uid, nobody.pw_gid)
            client = ("from jupyter_client.manager import start_new_kernel\n"
                      "km, kc = start_new_kernel(kernel_name='gradflow', startup_timeout=60)\n"
                      "reply = kc.execute_interactive('Matrix.zeros(2, 3).cols() + 1 + 1', timeout=60,"
                      " output_hook=lambda m: print(m['content'].get('data', {}).get('text/plain', ''), end=''))\n"
                      "print('', reply['content']['status'])\n"
                      "kc.stop_channels(); km.shutdown_kernel(now=True)\n")
            spec = os.path.join(prefix, "share", "jupyter", "kernels", "gradflow")
            env = {"PATH": os.environ["PATH"], "HOME": home, "JUPYTER_PATH": os.path.join(prefix, "share", "jupyter"),
                   "JUPYTER_RUNTIME_DIR": os.path.join(home, "runtime")}
            result = subprocess.run(["runuser", "-u", "nobody", "--", "/usr/bin/python3", "-c", client],
                                    capture_output=True, text=True, env=env, timeout=180)
            self.assertIn("5 ok", result.stdout, result.stdout + result.stderr)
            writable = subprocess.run(["runuser", "-u", "nobody", "--", "test", "-w", spec])
            self.assertNotEqual(writable.returncode, 0, "the system-wide kernelspec is writable by a student")
        finally:
            shutil.rmtree(prefix, ignore_errors=True)
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
