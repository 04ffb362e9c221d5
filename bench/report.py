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


def main():
    out_dir, threads = sys.argv[1], sys.argv[2:]
    print("784-128-10 ReLU, softmax + cross-entropy, batch 64, float64; times in microseconds per call")
    print("ratio = gradflow / PyTorch (below 1: gradflow faster); median (best)")
    print()
    header = f"{'threads':>7}  {'benchmark':<16} {'gradflow':>18} {'PyTorch':>18} {'ratio':>14}"
    print(header)
    print("-" * len(header))
    for t in threads:
        g = jmh(f"{out_dir}/jmh-{t}.json")
        p = torch(f"{out_dir}/torch-{t}.txt")
        for name in STEP_PARTS + sorted(n for n in g if n not in STEP_PARTS):
            gm = g.get(name)
            pm = p.get(name)
            gs = f"{gm[0]:9.1f} ({gm[1]:6.1f})" if gm else "-"
            ps = f"{pm[0]:9.1f} ({pm[1]:6.1f})" if pm else "-"
            rs = f"{gm[0] / pm[0]:6.2f} ({gm[1] / pm[1]:4.2f})" if gm and pm else "-"
            print(f"{t:>7}  {name:<16} {gs:>18} {ps:>18} {rs:>14}")
        gb, pb = backward_over_forward(g), backward_over_forward(p)
        line = f"{t:>7}  backward/forward cost: gradflow {gb[0]:.2f} ({gb[1]:.2f})" if gb else ""
        if pb:
            line += f", PyTorch {pb[0]:.2f} ({pb[1]:.2f})"
        print(line)
        print()


if __name__ == "__main__":
    main()
