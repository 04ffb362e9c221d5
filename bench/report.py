"""Prints gradflow's JMH results beside PyTorch's as a table; used by bench/run.

Usage: report.py OUT_DIR THREADS...  (reads OUT_DIR/jmh-N.json and OUT_DIR/torch-N.txt)
"""
import json
import sys

STEP_PARTS = ["forward", "forwardBackward", "trainingStep"]


def jmh(path):
    """name -> (median, min) in microseconds of single calls (JMH sample mode percentiles 50 and 0)."""
    out = {}
    for run in json.load(open(path)):
        name = run["benchmark"].rsplit(".", 1)[1]
        percentiles = run["primaryMetric"]["scorePercentiles"]
        out[name] = (percentiles["50.0"], percentiles["0.0"])
    return out


def torch(path):
    out = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 3:
            out[parts[0]] = (float(parts[1]), float(parts[2]))
    return out


def backward_over_forward(results):
    """(forwardBackward - forward) / forward, from medians and from minimums."""
    if "forward" not in results or "forwardBackward" not in results:
        return None
    f, fb = results["forward"], results["forwardBackward"]
    return tuple((fb[i] - f[i]) / f[i] for i in range(2))


def cell(value):
    return f"{value[0]:8.1f} ({value[1]:6.1f})" if value else "-"


def ratio(g, p):
    return f"{g[0] / p[0]:5.2f} ({g[1] / p[1]:4.2f})" if g and p else "-"


def main():
    out_dir, threads = sys.argv[1], sys.argv[2:]
    print("784-128-10 ReLU, softmax + cross-entropy, batch 64, float64; microseconds per call, median (best)")
    print("plain: gradflow's Java kernel; vector: the same JVM with --add-modules jdk.incubator.vector")
    print("ratio = gradflow / PyTorch (below 1: gradflow faster)")
    print()
    header = (f"{'threads':>7}  {'benchmark':<16} {'plain':>17} {'vector':>17} {'PyTorch':>17}"
              f" {'ratio plain':>13} {'ratio vector':>13}")
    print(header)
    print("-" * len(header))
    for t in threads:
        plain = jmh(f"{out_dir}/jmh-plain-{t}.json")
        vector = jmh(f"{out_dir}/jmh-vector-{t}.json")
        p = torch(f"{out_dir}/torch-{t}.txt")
        for name in STEP_PARTS + sorted(n for n in plain if n not in STEP_PARTS):
            g, v, q = plain.get(name), vector.get(name), p.get(name)
            print(f"{t:>7}  {name:<16} {cell(g):>17} {cell(v):>17} {cell(q):>17} {ratio(g, q):>13} {ratio(v, q):>13}")
        parts = []
        for label, results in (("plain", plain), ("vector", vector), ("PyTorch", p)):
            b = backward_over_forward(results)
            if b:
                parts.append(f"{label} {b[0]:.2f} ({b[1]:.2f})")
        print(f"{t:>7}  backward/forward cost: " + ", ".join(parts))
        print()


if __name__ == "__main__":
    main()
