"""A long lab afternoon for the gradflow kernel and ipykernel, side by side in one run (see kernel/bench --soak).

Each kernel gets the same number of execute requests, always 4 in flight, cycling through a mix of cells:
an expression, a chart, a print, a definition and an error (stop_on_error off, so nothing is aborted).
Reported per kernel: requests lost (no reply), replies out of order, the median service time of each block
of 500 requests (service time: from the later of the request's sending and the previous reply, to its reply;
the kernel serves one request at a time), the drift (last block / first block) and the growth of resident
memory per 1,000 requests: from the end of the first block to the end of the run, and the least-squares
slope over the samples at every block's end (less moved by one step of a collector's heap sizing); and
resident memory at rest (12 s idle) when new, after 500 warm-up cells (untimed, one at a time: a kernel's
first cells fill its compiled-code cache and class metadata once) and after the run: what a kernel keeps.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager

from kernel_fixture import rss_mb

IN_FLIGHT = 4
IDLE_WAIT = 12     # seconds at rest before memory is read (the gradflow kernel gives memory back after 5)
BLOCK = 500
WARM_UP = 500      # cells before the timed run (one at a time)

# One cycle of cells; {i} is the request number, so no two cells are the same text; definitions reuse
# 100 names ({d}), as a lab redefines its functions; the chart is drawn into one variable, shown, and replaced.
MIX = {
    "gradflow": [
        "Math.sqrt({i}) * 2",
        "var chart = new XYChartBuilder().width(200).height(120).title(\"c{i}\").build();\n"
        "chart.addSeries(\"y\", new double[] {{0, 1, 2}}, new double[] {{0, {i} % 7, 4}});\nchart",
        "System.out.println(\"line \" + {i});",
        "int f{d}(int x) {{ return x + {i}; }}\nint v{d} = f{d}(1);",
        "Integer.parseInt(\"not a number {i}\")",
        "List.of({i}, {i} + 1, {i} + 2)",
    ],
    "python3": [
        "({i} ** 0.5) * 2",
        "fig, ax = plt.subplots(figsize=(2, 1.2))\nax.plot([0, 1, 2], [0, {i} % 7, 4])\n"
        "ax.set_title('c{i}');",
        "print('line', {i})",
        "def f_{d}(x):\n    return x + {i}\nv_{d} = f_{d}(1)",
        "int('not a number {i}')",
        "[{i}, {i} + 1, {i} + 2]",
    ],
}
SETUP = {
    "gradflow": [],
    "python3": ["%matplotlib inline\nimport matplotlib.pyplot as plt"],
}


def drain(kc):
    """Reads the IOPub messages waiting (a front end reads its output)."""
    while True:
        try:
            kc.get_iopub_msg(timeout=0.001)
        except Exception:  # noqa: BLE001 - queue.Empty: nothing more waiting
            return


def soak(name, requests, timeout):
    km = KernelManager(kernel_name=name)
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid = km.provisioner.pid
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        for code in SETUP[name]:
            kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
        mix = MIX[name]
        for k, code in enumerate(mix):   # each kind of cell once, then memory at rest
            kc.execute_interactive(code.format(i=requests + k, d=k), timeout=60, output_hook=lambda m: None,
                                   stop_on_error=False)
        time.sleep(IDLE_WAIT)
        idle_before = rss_mb(pid)
        # A warm-up of WARM_UP cells, not timed: a kernel's first hundreds of cells fill its compiled-code
        # cache and class metadata once, which is not growth; memory at rest after it is the baseline.
        for k in range(WARM_UP):
            code = mix[k % len(mix)].format(i=requests + len(mix) + k, d=k % 100)
            kc.execute_interactive(code, timeout=60, output_hook=lambda m: None, stop_on_error=False)
        time.sleep(IDLE_WAIT)
        idle_warm = rss_mb(pid)
        sent = {}          # msg_id -> (index, time sent)
        order = []         # msg_ids in sending order
        replies = []       # (index, time of reply)
        statuses = {}
        rss = []           # (requests answered, MB)
        next_index = 0
        started = time.perf_counter()
        last_reply = started
        service = []
        while len(replies) < requests:
            while next_index < requests and len(sent) - len(replies) < IN_FLIGHT:
                code = mix[next_index % len(mix)].format(i=next_index, d=next_index % 100)
                msg_id = kc.execute(code, stop_on_error=False)
                sent[msg_id] = (next_index, time.perf_counter())
                order.append(msg_id)
                next_index += 1
            try:
                msg = kc.get_shell_msg(timeout=timeout)
            except Exception:  # noqa: BLE001 - queue.Empty: the kernel stopped answering
                break
            now = time.perf_counter()
            parent = msg["parent_header"].get("msg_id")
            if parent not in sent:
                continue
            index, at = sent[parent]
            replies.append((index, now))
            statuses[msg["content"]["status"]] = statuses.get(msg["content"]["status"], 0) + 1
            service.append(now - max(at, last_reply))
            last_reply = now
            drain(kc)
            if len(replies) % BLOCK == 0:
                rss.append((len(replies), rss_mb(pid)))
        elapsed = time.perf_counter() - started
        drain(kc)
        time.sleep(IDLE_WAIT)
        idle_after = rss_mb(pid)
        indices = [i for i, _ in replies]
        out_of_order = sum(1 for a, b in zip(indices, indices[1:]) if b < a)
        blocks = [statistics.median(service[k:k + BLOCK]) * 1000 for k in range(0, len(service) - BLOCK + 1, BLOCK)]
        growth = fitted = float("nan")
        if len(rss) >= 2:
            growth = (rss[-1][1] - rss[0][1]) / (rss[-1][0] - rss[0][0]) * 1000
            # Least squares over every block's sample: one step of the collector's heap sizing between the
            # first and the last sample moves the two-point figure far more than it moves the trend.
            mean_n = statistics.mean(n for n, _ in rss)
            mean_mb = statistics.mean(mb for _, mb in rss)
            fitted = (sum((n - mean_n) * (mb - mean_mb) for n, mb in rss)
                      / sum((n - mean_n) ** 2 for n, _ in rss) * 1000)
        return {
            "kernel": name, "requests": requests, "answered": len(replies), "lost": requests - len(replies),
            "out_of_order": out_of_order, "seconds": elapsed, "statuses": statuses,
            "block_median_ms": blocks, "drift": blocks[-1] / blocks[0] if len(blocks) >= 2 else float("nan"),
            "rss_mb": rss, "rss_growth_mb_per_1000": growth, "rss_fitted_mb_per_1000": fitted,
            "idle_rss_mb": (idle_before, idle_warm, idle_after),
        }
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--kernels", default="gradflow,python3")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for one reply")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    results = []
    print("soak: %d requests per kernel, %d in flight, a cycle of %d cells (expression, chart, print, definition,"
          " error, list)" % (args.requests, IN_FLIGHT, len(MIX["gradflow"])))
    print("%-9s %6s %5s %6s %8s %22s %7s %12s %16s %12s" % ("kernel", "answered", "lost", "order", "seconds",
                                                            "median ms first/last", "drift", "RSS MB", "RSS MB / 1000",
                                                            "fitted"))
    for name in args.kernels.split(","):
        r = soak(name, args.requests, args.timeout)
        results.append(r)
        blocks = r["block_median_ms"]
        print("%-9s %8d %5d %6d %8.0f %22s %7.2f %12s %16.1f %12.1f" % (
            name, r["answered"], r["lost"], r["out_of_order"], r["seconds"],
            "%.1f / %.1f" % (blocks[0], blocks[-1]) if blocks else "-", r["drift"],
            "%.0f -> %.0f" % (r["rss_mb"][0][1], r["rss_mb"][-1][1]) if r["rss_mb"] else "-",
            r["rss_growth_mb_per_1000"], r["rss_fitted_mb_per_1000"]))
        print("          block medians (ms): " + ", ".join("%.1f" % b for b in blocks))
        print("          resident MB at each block's end: " + ", ".join("%.0f" % mb for _, mb in r["rss_mb"]))
        before, warm, after = r["idle_rss_mb"]
        print("          resident MB at rest (%d s idle): new %.0f, after %d warm-up cells %.0f, after the %d requests %.0f"
              " (%+.1f per 1,000 from the warm-up on)"
              % (IDLE_WAIT, before, WARM_UP, warm, r["answered"], after, (after - warm) / r["answered"] * 1000))
        print("          replies: " + ", ".join("%s %d" % kv for kv in sorted(r["statuses"].items())))
        sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
