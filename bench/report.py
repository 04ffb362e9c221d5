"""Prints gradflow's JMH results beside PyTorch's as a table; used by bench/run.

Usage: VARIANTS="native vector plain" report.py OUT_DIR THREADS...
(reads OUT_DIR/jmh-VARIANT-N.json and OUT_DIR/torch-N.txt)
"""
import json
import os
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
    variants = os.environ.get("VARIANTS", "native vector plain").split()
    print("784-128-10 ReLU, softmax + cross-entropy, batch 64, float64; microseconds per call, median (best)")
    print("native: OpenBLAS through JNI (gradflow's default when it loads); vector: Java, Vector API kernel;")
    print("plain: Java, autovectorised kernel. ratio = gradflow / PyTorch (below 1: gradflow faster)")
    print()
    header = f"{'threads':>7}  {'benchmark':<16}" + "".join(f" {v:>17}" for v in variants + ["PyTorch"]) \
        + "".join(f" {'ratio ' + v:>13}" for v in variants)
    print(header)
    print("-" * len(header))
    for t in threads:
        results = {}
        for v in variants:
            path = f"{out_dir}/jmh-{v}-{t}.json"
            results[v] = jmh(path) if os.path.exists(path) else {}
        p = torch(f"{out_dir}/torch-{t}.txt")
        names = STEP_PARTS + sorted({n for r in results.values() for n in r if n not in STEP_PARTS})
        for name in names:
            q = p.get(name)
            row = f"{t:>7}  {name:<16}" + "".join(f" {cell(results[v].get(name)):>17}" for v in variants)
            row += f" {cell(q):>17}" + "".join(f" {ratio(results[v].get(name), q):>13}" for v in variants)
            print(row)
        parts = []
        for label, r in [(v, results[v]) for v in variants] + [("PyTorch", p)]:
            b = backward_over_forward(r)
            if b:
                parts.append(f"{label} {b[0]:.2f} ({b[1]:.2f})")
        print(f"{t:>7}  backward/forward cost: " + ", ".join(parts))
        print()


if __name__ == "__main__":
    main()
