"""Measures the gradflow kernel and ipykernel side by side (see kernel/bench)."""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager

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


def cold_start(name):
    start = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        run(kc, "1 + 1")
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def warm(name, trips=100):
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        for code in WORKLOAD[name]:
            run(kc, code)
        for _ in range(30):
            run(kc, "1 + 1")
        times = []
        for _ in range(trips):
            start = time.perf_counter()
            run(kc, "1 + 1")
            times.append(time.perf_counter() - start)
        time.sleep(3)
        return statistics.median(times), rss_mb(km.provisioner.pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("%-10s %22s %24s %26s" % ("kernel", "cold start (median s)", "1 + 1 round trip (ms)", "idle RSS after work (MB)"))
    for name in ("gradflow", "python3"):
        starts = [cold_start(name) for _ in range(args.runs)]
        trip, rss = warm(name)
        print("%-10s %22.2f %24.1f %26.0f" % (name, statistics.median(starts), trip * 1000, rss))
        print("           cold starts: " + ", ".join("%.2f" % s for s in starts))


if __name__ == "__main__":
    main()
