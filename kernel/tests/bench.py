"""Measures the gradflow kernel side by side with ipykernel and with plain Java (see kernel/bench).

Every figure is taken in one run, on the same machine, at the same time:
- compute: the micrograd workload on org.gradflow.graph.Value and lesson 4's training cell, inside the
  kernel and as a plain `java` program on the same JDK (best of N repetitions in one JVM each; ratio);
- CPU-seconds (user + system of the kernel process, from /proc) from launch to the first result, and for
  kernel start + every cell of lesson 1; the first beside ipykernel's;
- the median `1 + 1` round trip beside ipykernel's; idle resident memory after lesson 4's cells;
- memory per student on a class server: three kernels of a kind side by side, idle after their work: resident
  (RSS), proportional (PSS: pages shared with the others count a third) and private memory;
- memory given back: resident memory while a cell holds a 600 MB array, and 10 s after it is released.
"""
import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from kernel_fixture import rss_mb

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.join(HERE, "..", "..", "notebooks", "solutions")   # the lessons with their answers
LESSON1 = os.path.join(NOTEBOOKS, "01-chain-rule-and-gradient-flow.ipynb")
LESSON4 = os.path.join(NOTEBOOKS, "04-training-full-batch-sgd-mini-batch.ipynb")
CLK_TCK = os.sysconf("SC_CLK_TCK")

PYTHON_WORKLOAD = [
    "import math\ndef sigmoid(a): return 1 / (1 + math.exp(-a))",
    "xs = [-5 + i * 0.05 for i in range(200)]\nys = [sigmoid(x) for x in xs]",
    "sum(ys)",
    "[[0.0] * 100 for _ in range(100)][0][0]",
]

# The micrograd demo: a 2-16-16-1 tanh MLP on Value over 100 points, squared error, plain gradient descent.
# Each step builds the graph (forward), runs backward() and makes new parameter leaves (update).
# The same text is a JShell method in the kernel and a static method of the plain program.
MICROGRAD = """
String microgradMsPerStep(int steps, long seed) {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    Random rnd = new Random(seed);
    int[] sizes = {2, 16, 16, 1};
    double[][] xs = new double[100][2];
    double[] ys = new double[100];
    for (int i = 0; i < 100; i++) {
        xs[i][0] = rnd.nextGaussian();
        xs[i][1] = rnd.nextGaussian();
        ys[i] = xs[i][0] * xs[i][1] > 0 ? 1 : -1;
    }
    Value[][][] w = new Value[3][][];
    Value[][] b = new Value[3][];
    for (int l = 0; l < 3; l++) {
        w[l] = new Value[sizes[l + 1]][sizes[l]];
        b[l] = new Value[sizes[l + 1]];
        for (int j = 0; j < sizes[l + 1]; j++) {
            b[l][j] = Value.of(0);
            for (int i = 0; i < sizes[l]; i++) w[l][j][i] = Value.of(rnd.nextGaussian() / Math.sqrt(sizes[l]));
        }
    }
    long start = System.nanoTime(), cpu = os.getProcessCpuTime();
    for (int step = 0; step < steps; step++) {
        Value loss = Value.of(0);
        for (int p = 0; p < 100; p++) {
            Value[] a = {Value.of(xs[p][0]), Value.of(xs[p][1])};
            for (int l = 0; l < 3; l++) {
                Value[] z = new Value[sizes[l + 1]];
                for (int j = 0; j < z.length; j++) {
                    Value s = b[l][j];
                    for (int i = 0; i < a.length; i++) s = s.plus(w[l][j][i].times(a[i]));
                    z[j] = l < 2 ? s.tanh() : s;
                }
                a = z;
            }
            Value d = a[0].minus(Value.of(ys[p]));
            loss = loss.plus(d.times(d));
        }
        loss = loss.times(1.0 / 100);
        loss.backward();
        for (int l = 0; l < 3; l++) {
            for (int j = 0; j < sizes[l + 1]; j++) {
                b[l][j] = Value.of(b[l][j].value() - 0.05 * b[l][j].grad());
                for (int i = 0; i < sizes[l]; i++) w[l][j][i] = Value.of(w[l][j][i].value() - 0.05 * w[l][j][i].grad());
            }
        }
    }
    return (System.nanoTime() - start) / 1e6 / steps + " " + (os.getProcessCpuTime() - cpu) / 1e6 / steps;
}
"""

PLAIN_PROGRAM = """
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import org.gradflow.graph.*;
import org.gradflow.tensor.*;
import org.gradflow.nn.*;
import org.gradflow.optim.*;
import org.gradflow.train.*;
import org.gradflow.data.*;
import static org.gradflow.kernel.Notebook.*;

public class PlainBench {
    static %(micrograd)s

    public static void main(String[] args) {
        int reps = Integer.parseInt(args[1]);
        if (args[0].equals("micrograd")) {
            for (int r = 0; r < reps; r++) System.out.println("RESULT " + microgradMsPerStep(%(steps)d, r));
            return;
        }
        %(setup)s
        java.io.PrintStream out = System.out;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int benchRep = 0; benchRep < reps; benchRep++) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            long t0 = System.nanoTime(), c0 = os.getProcessCpuTime();
            {
%(cell)s
            }
            System.setOut(out);
            System.out.println("RESULT " + (System.nanoTime() - t0) / 1e6 + " " + (os.getProcessCpuTime() - c0) / 1e6);
        }
    }
}
"""

MICROGRAD_STEPS = 20


def wait_reply(kc, msg_id, timeout=600):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run(kc, code):
    reply = wait_reply(kc, kc.execute(code))
    assert reply["content"]["status"] == "ok", (code[:200], reply["content"])
    return reply


def result_of(kc, code):
    """The text/plain result of a cell."""
    msg_id = kc.execute(code)
    wait_reply(kc, msg_id)
    while True:
        msg = kc.get_iopub_msg(timeout=600)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            return msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "error":
            raise AssertionError("\n".join(msg["content"]["traceback"]))


def lesson_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def cpu_seconds(pid):
    """User + system CPU time of a process (not its children), from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


class Kernel:
    """A started kernel and its client; use with `with`."""

    def __init__(self, name, env=None):
        self.km = KernelManager(kernel_name=name)
        self.t0 = time.perf_counter()
        self.km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, **(env or {})))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.pid = self.km.provisioner.pid

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def first_result(name):
    """(wall s, CPU s of the kernel process) from launch to the reply of `1 + 1`."""
    with Kernel(name) as k:
        run(k.kc, "1 + 1")
        return time.perf_counter() - k.t0, cpu_seconds(k.pid)


def whole_lesson(path):
    """(wall s, CPU s) of kernel start + every code cell of a lesson."""
    with Kernel("gradflow") as k:
        for code in lesson_cells(path):
            run(k.kc, code)
        return time.perf_counter() - k.t0, cpu_seconds(k.pid)


def round_trip_and_idle(name, workload, trips=100, idle_wait=12):
    """Median `1 + 1` round trip after the workload, and resident memory idle_wait s later (the kernel gives
    memory back after 5 idle seconds)."""
    with Kernel(name) as k:
        for code in workload:
            run(k.kc, code)
        for _ in range(30):
            run(k.kc, "1 + 1")
        times = []
        for _ in range(trips):
            t0 = time.perf_counter()
            run(k.kc, "1 + 1")
            times.append(time.perf_counter() - t0)
        time.sleep(idle_wait)
        return statistics.median(times), rss_mb(k.pid)


def smaps_rollup(pid):
    """(RSS, PSS, private) of a process in MB, from /proc/PID/smaps_rollup. PSS splits each page shared with
    other processes (a kernel's JVM library, its class-data archives) between them; private counts only the
    pages no other process maps."""
    fields = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return fields["Rss"], fields["Pss"], fields["Private_Clean"] + fields["Private_Dirty"]


def class_memory(name, workload, students=3, idle_wait=12, env=None):
    """Memory per student when several kernels of one kind sit idle side by side on one machine, as on a
    class server: each runs the workload, then all rest idle_wait s. Returns the median (RSS, PSS, private)
    in MB over the kernels."""
    with contextlib.ExitStack() as started:
        kernels = [started.enter_context(Kernel(name, env)) for _ in range(students)]
        for code in workload:
            sent = [(k, k.kc.execute(code)) for k in kernels]   # all at once, as a class runs its cells
            for k, msg_id in sent:
                reply = wait_reply(k.kc, msg_id)
                assert reply["content"]["status"] == "ok", (code[:200], reply["content"])
        time.sleep(idle_wait)
        figures = [smaps_rollup(k.pid) for k in kernels]
        return tuple(statistics.median(f[i] for f in figures) for i in range(3))


def memory_given_back():
    """Resident memory (MB) before, while a cell holds 600 MB, 1 s and 10 s after it is released."""
    with Kernel("gradflow") as k:
        run(k.kc, "1 + 1")
        time.sleep(2)
        before = rss_mb(k.pid)
        run(k.kc, "double[] big = new double[75_000_000]; java.util.Arrays.fill(big, 1.0);")
        held = rss_mb(k.pid)
        run(k.kc, "big = null;")
        time.sleep(1)
        soon = rss_mb(k.pid)
        time.sleep(9)
        return before, held, soon, rss_mb(k.pid)


def lesson4_parts():
    cells = lesson_cells(LESSON4)
    setup = cells[0]
    training = next(c for c in cells if "Trainer.builder()" in c and "runs.put" in c)
    return setup, training


def pair(text):
    """The two numbers (wall ms, CPU ms) of a result such as '"53.1 60.2"'."""
    wall, cpu = re.findall(r"[-+\d.eE]+", text.strip('"'))[:2]
    return float(wall), float(cpu)


def kernel_compute(reps):
    """(wall ms, CPU ms) per micrograd step and per lesson 4 training cell, each repetition, in the kernel."""
    setup, training = lesson4_parts()
    with Kernel("gradflow") as k:
        run(k.kc, MICROGRAD)
        micro = [pair(result_of(k.kc, "microgradMsPerStep(%d, %d)" % (MICROGRAD_STEPS, r))) for r in range(reps)]
        run(k.kc, setup)
        cell = []
        for _ in range(reps):
            t0, c0 = time.perf_counter(), cpu_seconds(k.pid)
            run(k.kc, training)
            cell.append(((time.perf_counter() - t0) * 1000, (cpu_seconds(k.pid) - c0) * 1000))
        return micro, cell


def plain_compute(reps):
    """The same work as a plain `java` program (default JVM options) on the kernel's JDK."""
    spec = KernelSpecManager().get_kernel_spec("gradflow")
    with open(os.path.join(spec.resource_dir, "java")) as f:
        java = f.read().strip()
    with open(os.path.join(spec.resource_dir, "classpath")) as f:
        cp = ":".join(line.strip() for line in f if line.strip())
    setup, training = lesson4_parts()
    setup = setup.split("List<double[][]> pictures")[0]   # the data, without the picture of the first digits
    work = tempfile.mkdtemp(prefix="gradflow-plain-")
    try:
        source = os.path.join(work, "PlainBench.java")
        with open(source, "w") as f:
            f.write(PLAIN_PROGRAM % {"micrograd": MICROGRAD.strip(), "steps": MICROGRAD_STEPS,
                                     "setup": setup, "cell": training})
        javac = os.path.join(os.path.dirname(java), "javac")
        compiled = subprocess.run([javac, "-nowarn", "-cp", cp, "-d", work, source], capture_output=True, text=True)
        if compiled.returncode != 0:
            raise RuntimeError("javac failed on the plain program:\n" + compiled.stderr)

        def results(what):
            out = subprocess.run([java, "-cp", cp + ":" + work, "PlainBench", what, str(reps)],
                                 check=True, capture_output=True, text=True).stdout
            return [pair(m) for m in re.findall(r"^RESULT (.+)$", out, re.M)]
        return results("micrograd"), results("lesson4")
    finally:
        shutil.rmtree(work)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="cold starts and lesson-1 runs per kernel")
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each compute workload")
    parser.add_argument("--only", default="", help="comma-separated parts: compute,cpu,trip,class,memory")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))

    def part(name):
        return not only or name in only

    summary = []
    if part("compute"):
        micro_k, cell_k = kernel_compute(args.reps)
        micro_p, cell_p = plain_compute(args.reps)
        print("== compute, best of %d repetitions in one JVM each (kernel vs plain java, same JDK): wall and "
              "CPU (user + system of the whole process) in ms" % args.reps)
        for label, k, p, unit in (("micrograd 2-16-16-1 over 100 points", micro_k, micro_p, "per step"),
                                  ("lesson 4 training cell", cell_k, cell_p, "per cell")):
            wall = min(v[0] for v in k) / min(v[0] for v in p)
            cpu = min(v[1] for v in k) / min(v[1] for v in p)
            print("%-36s %s: wall kernel %7.1f plain %7.1f (ratio %.2f); CPU kernel %7.1f plain %7.1f (ratio %.2f)" % (
                label, unit, min(v[0] for v in k), min(v[0] for v in p), wall,
                min(v[1] for v in k), min(v[1] for v in p), cpu))
            print("    kernel wall/CPU: %s" % ", ".join("%.0f/%.0f" % v for v in k))
            print("    plain  wall/CPU: %s" % ", ".join("%.0f/%.0f" % v for v in p))
            summary.append(("%s: kernel/plain <= 1.3" % label, "wall %.2f, CPU %.2f" % (wall, cpu), wall <= 1.3))

    if part("cpu"):
        firsts = {name: [first_result(name) for _ in range(args.runs)] for name in ("gradflow", "python3")}
        print("== launch to first result (`1 + 1`), %d runs each: median wall s / median CPU s" % args.runs)
        for name, values in firsts.items():
            print("%-10s wall %5.2f  CPU %5.2f   (CPU: %s)" % (
                name, statistics.median(v[0] for v in values), statistics.median(v[1] for v in values),
                ", ".join("%.2f" % v[1] for v in values)))
        ratio = statistics.median(v[1] for v in firsts["gradflow"]) / statistics.median(v[1] for v in firsts["python3"])
        summary.append(("CPU s launch to first result <= 2x ipykernel", "%.2fx" % ratio, ratio <= 2))
        lessons = [whole_lesson(LESSON1) for _ in range(args.runs)]
        cpu = statistics.median(v[1] for v in lessons)
        print("== kernel start + all of lesson 1, %d runs: median wall %.2f s, median CPU %.2f s   (CPU: %s)" % (
            args.runs, statistics.median(v[0] for v in lessons), cpu, ", ".join("%.2f" % v[1] for v in lessons)))
        summary.append(("CPU s kernel start + lesson 1 <= 4", "%.2f" % cpu, cpu <= 4))

    if part("trip"):
        trip_g, rss_g = round_trip_and_idle("gradflow", lesson_cells(LESSON4))
        trip_p, rss_p = round_trip_and_idle("python3", PYTHON_WORKLOAD)
        print("== 1 + 1 round trip (median of 100) and idle RSS 12 s after work (gradflow: all of lesson 4)")
        print("gradflow   %6.1f ms  %5.0f MB" % (trip_g * 1000, rss_g))
        print("python3    %6.1f ms  %5.0f MB" % (trip_p * 1000, rss_p))
        summary.append(("1 + 1 round trip <= 2x ipykernel", "%.1f vs %.1f ms (%.2fx)" % (
            trip_g * 1000, trip_p * 1000, trip_g / trip_p), trip_g <= 2 * trip_p))
        summary.append(("idle RSS after lesson 4 <= 128 MB", "%.0f MB" % rss_g, rss_g <= 128))

    if part("class"):
        print("== memory per student: 3 kernels of a kind run the workload side by side, then rest 12 s (gradflow: "
              "all of lesson 4); medians over the 3, MB")
        for name, workload in (("gradflow", lesson_cells(LESSON4)), ("python3", PYTHON_WORKLOAD)):
            print("%-10s RSS %5.0f   PSS %5.0f   private %5.0f" % ((name,) + class_memory(name, workload)))

    if part("memory"):
        before, held, soon, later = memory_given_back()
        print("== memory given back: RSS %.0f MB idle, %.0f MB holding 600 MB, %.0f MB 1 s and %.0f MB 10 s after release"
              % (before, held, soon, later))
        summary.append(("RSS 10 s after releasing 600 MB <= idle + 100 MB", "%.0f MB (idle %.0f)" % (later, before),
                        later <= before + 100))

    print("== targets")
    for name, figure, met in summary:
        print("%-52s %-26s %s" % (name, figure, "met" if met else "NOT met"))


if __name__ == "__main__":
    main()
