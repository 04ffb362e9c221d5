"""Measures the gradflow kernel and ipykernel side by side (see kernel/bench)."""
import argparse
import os
import statistics
import subprocess
import time

import nbformat
from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))
# The idle memory target is "after running a lesson": the heaviest one (training on the digits) by default.
DEFAULT_LESSON = os.path.join(HERE, "..", "..", "notebooks", "solutions", "04-training-full-batch-sgd-mini-batch.ipynb")

WORKLOAD = {
    "gradflow": [
        "double sigmoid(double a) { return 1 / (1 + Math.exp(-a)); }",
        "double[] xs = new double[200], ys = new double[200];\n"
        "for (int i = 0; i < 200; i++) { xs[i] = -5 + i * 0.05; ys[i] = sigmoid(xs[i]); }",
        "var chart = new XYChartBuilder().width(600).height(400).title(\"sigmoid\").build();\n"
        "chart.addSeries(\"f\", xs, ys);\nchart",
        "Table.create(\"values\", DoubleColumn.create(\"a\", xs), DoubleColumn.create(\"f\", ys))",
        "var m = Matrix.zeros(100, 100);\nfor (int k = 0; k < 20; k++) m = m.plus(Matrix.zeros(100, 100));\nm.rows()",
        "var bar = progress(\"epochs\", 50);\nfor (int e = 0; e < 50; e++) bar.step();",
    ],
    "python3": [
        "import math\ndef sigmoid(a): return 1 / (1 + math.exp(-a))",
        "xs = [-5 + i * 0.05 for i in range(200)]\nys = [sigmoid(x) for x in xs]",
        "sum(ys)",
        "[[0.0] * 100 for _ in range(100)][0][0]",
    ],
}


def wait_reply(kc, msg_id, timeout=60):
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def run(kc, code):
    reply = wait_reply(kc, kc.execute(code))
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply


def start_kernel(km):
    """Starts the kernel with its own log out of the way of the table."""
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def lesson_cells(path):
    """The code cells of a lesson, in order: the workload a student's kernel has run."""
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def cold_start(name):
    start_time = time.perf_counter()
    km = KernelManager(kernel_name=name)
    start_kernel(km)
    kc = km.client()
    kc.start_channels()
    try:
        run(kc, "1 + 1")
        return time.perf_counter() - start_time
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def warm(name, workload, trips=100):
    km = KernelManager(kernel_name=name)
    start_kernel(km)
    kc = km.client()
    kc.start_channels()
    try:
        for code in workload:
            run(kc, code)
        for _ in range(30):
            run(kc, "1 + 1")
        times = []
        for _ in range(trips):
            t0 = time.perf_counter()
            run(kc, "1 + 1")
            times.append(time.perf_counter() - t0)
        time.sleep(3)
        return statistics.median(times), rss_mb(km.provisioner.pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lesson", default=DEFAULT_LESSON,
                        help="the gradflow lesson whose cells run before the idle memory is read")
    args = parser.parse_args()
    workloads = {"gradflow": lesson_cells(args.lesson), "python3": WORKLOAD["python3"]}
    print("gradflow's work before the idle reading: every code cell of %s (%d cells); ipykernel's: a few cells"
          % (os.path.basename(args.lesson), len(workloads["gradflow"])))
    print("%-10s %22s %24s %26s" % ("kernel", "cold start (median s)", "1 + 1 round trip (ms)", "idle RSS after work (MB)"))
    for name in ("gradflow", "python3"):
        starts = [cold_start(name) for _ in range(args.runs)]
        trip, rss = warm(name, workloads[name])
        print("%-10s %22.2f %24.1f %26.0f" % (name, statistics.median(starts), trip * 1000, rss))
        print("           cold starts: " + ", ".join("%.2f" % s for s in starts))


if __name__ == "__main__":
    main()
