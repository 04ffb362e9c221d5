#!/usr/bin/python3
"""Runs gradflow's lessons top to bottom with the gradflow kernel and writes them as HTML.

For every notebook in notebooks/ (numbered in teaching order) it
  * refuses a notebook stored with outputs (lessons are kept clean in git),
  * executes every cell with nbclient under the installed "gradflow" kernel; any error output fails,
  * collects the exercise checks: a code cell whose metadata has {"gradflow": {"check": "<id>"}} must
    print a line starting with PASS (or FAIL, which fails the lesson),
  * with --wrong-answers, proves each check can fail: a cell with metadata
    {"gradflow": {"exercise": "<id>", "wrong": "<source>"}} is re-run in the same kernel with that
    deliberately wrong source, its check cell is re-run and must print FAIL, then the working answer
    is run again so later cells see the right state,
  * writes the executed lesson as HTML (charts embedded) to the output folder,
and prints per lesson its time and its exercise results, then one closing line "N passed, N failed".
"""
import argparse
import concurrent.futures
import copy
import glob
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

KEY = "gradflow"
# Debian's libjs-mathjax (installed by scripts/setup): equations typeset without a network
LOCAL_MATHJAX = "/usr/share/javascript/mathjax/MathJax.js"


def output_text(cell):
    """All text a cell printed or returned, joined."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append("%s: %s" % (out.get("ename"), out.get("evalue")))
    return "".join(parts)


def verdict(cell):
    """PASS, FAIL or None (no verdict line) from a check cell's output."""
    for line in output_text(cell).splitlines():
        word = line.strip().split(" ", 1)[0].rstrip(":")
        if word in ("PASS", "FAIL"):
            return word
    return None


def stored_outputs(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def run_lesson(path, out_dir, wrong_answers, timeout):
    """Runs one lesson; returns (ok, seconds, summary lines)."""
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    problems = []
    dirty = stored_outputs(nb)
    if dirty:
        problems.append("stored with outputs in cells %s: clear them before committing" % dirty)

    checks = {}       # exercise id -> (index, cell)
    answers = {}      # exercise id -> (index, cell)
    for i, c in enumerate(nb.cells):
        meta = c.get("metadata", {}).get(KEY, {})
        if "check" in meta:
            checks[meta["check"]] = (i, c)
        if "exercise" in meta:
            answers[meta["exercise"]] = (i, c)
    missing = sorted(set(answers) - set(checks))
    if missing:
        problems.append("exercises without a check cell: %s" % missing)

    client = NotebookClient(nb, kernel_name="gradflow", timeout=timeout, startup_timeout=60,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    start = time.monotonic()
    results = {}
    caught = {}
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, name + ".kernel.log")
    try:
        # the kernel's own log (start-up, shut-down) goes to a file beside the HTML, not into this report
        with open(log_path, "w") as log, client.setup_kernel(stderr=log, stdout=log):
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            for i, c in enumerate(nb.cells):
                client.execute_cell(c, i)
            for ex, (i, c) in checks.items():
                results[ex] = verdict(c)
            if wrong_answers:
                # nbclient puts each executed cell object into nb.cells; the wrong-answer runs use copies,
                # and the lesson as run (which goes into the HTML) is put back afterwards
                as_run = list(nb.cells)
                for ex, (i, answer) in sorted(answers.items()):
                    wrong = copy.deepcopy(answer)
                    wrong.source = answer.metadata[KEY]["wrong"]
                    client.execute_cell(wrong, i)
                    ci, check = checks[ex]
                    rerun = copy.deepcopy(check)
                    client.execute_cell(rerun, ci)
                    caught[ex] = verdict(rerun) == "FAIL"
                    if not caught[ex]:
                        problems.append("exercise %s: the check did not catch the wrong answer; it printed:\n%s"
                                        % (ex, output_text(rerun)))
                    client.execute_cell(copy.deepcopy(answer), i)
                nb.cells[:] = as_run
                shown = {ex: verdict(nb.cells[ci]) for ex, (ci, _) in checks.items()}
                if shown != results:
                    problems.append("the lesson as exported shows %s, not the verdicts of the real run %s"
                                    % (shown, results))
    except CellExecutionError as e:
        problems.append("a cell failed:\n%s" % e)
    except Exception as e:  # a dead kernel or a timeout: say which
        problems.append("%s: %s (kernel log: %s)" % (type(e).__name__, e, log_path))
    seconds = time.monotonic() - start

    for ex, v in sorted(results.items()):
        if v != "PASS":
            problems.append("exercise %s: check printed %s" % (ex, v or "no PASS/FAIL line"))

    exporter = HTMLExporter()
    if os.path.exists(LOCAL_MATHJAX):
        exporter.mathjax_url = "file://" + LOCAL_MATHJAX + "?config=TeX-AMS_CHTML-full,Safe"
    # nbconvert's default clean_html (lxml) deletes every SVG element, which would blank the lessons'
    # computation-graph pictures; the lessons and their outputs are our own, so they are kept as they are.
    exporter.register_filter("clean_html", lambda markup: markup)
    html, _ = exporter.from_notebook_node(nb)
    with open(os.path.join(out_dir, name + ".html"), "w", encoding="utf-8") as f:
        f.write(html)

    passed = sum(1 for v in results.values() if v == "PASS")
    line = "%-40s %6.1f s   exercises %d/%d PASS" % (name, seconds, passed, len(results))
    if wrong_answers:
        line += ", wrong answers caught %d/%d" % (sum(caught.values()), len(answers))
    return not problems, seconds, [line] + ["    " + p.replace("\n", "\n    ") for p in problems]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="lessons to run (default: notebooks/*.ipynb)")
    ap.add_argument("--out", default=os.path.join(root, "out", "lessons"), help="folder for the HTML")
    ap.add_argument("--wrong-answers", action="store_true",
                    help="also prove every exercise check catches a deliberately wrong answer")
    ap.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    ap.add_argument("--jobs", type=int, default=2, help="lessons run side by side, one kernel each (default 2)")
    args = ap.parse_args()

    paths = args.notebooks or sorted(glob.glob(os.path.join(root, "notebooks", "solutions", "[0-9]*.ipynb")))
    if not paths:
        print("run_lessons: no lessons found in notebooks/", file=sys.stderr)
        return 1
    print("Running %d lessons with the gradflow kernel, %d at a time; HTML goes to %s"
          % (len(paths), args.jobs, args.out), flush=True)
    ok_count = 0
    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_lesson, p, args.out, args.wrong_answers, args.timeout) for p in paths]
        for f in futures:  # in teaching order, each as soon as it and those before it are done
            ok, seconds, lines = f.result()
            ok_count += ok
            print(("ok    " if ok else "FAIL  ") + "\n".join(lines), flush=True)
    print("all lessons: %.1f s" % (time.monotonic() - start))
    print("lessons: %d passed, %d failed" % (ok_count, len(paths) - ok_count))
    return 0 if ok_count == len(paths) else 1


if __name__ == "__main__":
    sys.exit(main())
