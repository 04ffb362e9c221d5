#!/usr/bin/python3
"""Runs gradflow's lessons top to bottom with the gradflow kernel and writes them as HTML.

Both editions of every lesson (see scripts/editions.py):
  * the solutions edition (notebooks/solutions/): every cell runs without an error and every exercise's
    check cell prints "PASS <id> ...";
  * the student edition (notebooks/): every check cell ends with an ExerciseFailed error saying the
    exercise "is not written yet", and no other cell fails.
In both, a lesson fails when it is stored with outputs, when the student edition is stale, or when any
output holds a kernel warning or other text on standard error. With --wrong-answers, every known-wrong
variant of every exercise (answer cell metadata {"gradflow": {"wrong": [{"mistake", "answer"}]}}) is put in
place of the solution in the same kernel, its check is re-run and must end with an ExerciseFailed error that
names the variant's mistake; then the right answer is run again so later cells see the right state.
Each executed lesson goes to the output folder as HTML (charts embedded; the student edition under
student/), and per lesson its time and exercise results are printed, then one line "N passed, N failed".
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
from nbconvert import HTMLExporter

import courseware

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Debian's libjs-mathjax (installed by scripts/setup): equations typeset without a network
LOCAL_MATHJAX = "/usr/share/javascript/mathjax/MathJax.js"


def output_text(cell):
    """All text a cell printed or returned, joined; errors as 'ename: evalue'."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
        elif out.get("output_type") == "error":
            parts.append("%s: %s\n" % (out.get("ename"), out.get("evalue")))
    return "".join(parts)


def error_of(cell):
    """The cell's error output as (ename, evalue), or None."""
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return out.get("ename", ""), out.get("evalue", "")
    return None


def stderr_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def verdict(cell, ex_id):
    """PASS, FAIL, NOT WRITTEN or None (no verdict) from a check cell's outputs, with the verdict's text."""
    err = error_of(cell)
    if err:
        if courseware.FAILED in err[0]:
            return ("NOT WRITTEN" if courseware.NOT_WRITTEN in err[1] else "FAIL"), err[1]
        return None, "%s: %s" % err
    for line in output_text(cell).splitlines():
        if line.startswith("PASS %s " % ex_id):
            return "PASS", line
    return None, output_text(cell)


def stored_outputs(nb):
    return [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def expected_failure(edition, index, exercises):
    """Whether the cell at index may end with an error: only the student edition's check cells."""
    return edition == "student" and any(ex.check == index for ex in exercises)


def prove_wrong_answers(client, exercises, problems):
    """Runs every known-wrong variant in place of its answer; returns (variants, caught and named)."""
    total = named = 0
    for ex in exercises:
        for wrong in ex.wrong:
            total += 1
            answer = copy.deepcopy(ex.answer_cell)
            answer.source = ex.variant(wrong)
            client.execute_cell(answer, ex.answer)
            check = copy.deepcopy(ex.check_cell)
            client.execute_cell(check, ex.check)
            v, text = verdict(check, ex.id)
            mistake = "this looks like a known mistake: " + wrong["mistake"]
            if error_of(answer):
                problems.append("exercise %s, variant %r: the answer cell itself failed: %s"
                                % (ex.id, wrong["mistake"], "%s: %s" % error_of(answer)))
            elif v != "FAIL":
                problems.append("exercise %s: the check did not catch the mistake %r; it gave:\n%s"
                                % (ex.id, wrong["mistake"], text))
            elif mistake not in text:
                problems.append("exercise %s: the check caught the mistake %r but did not name it:\n%s"
                                % (ex.id, wrong["mistake"], text))
            else:
                named += 1
        client.execute_cell(copy.deepcopy(ex.answer_cell), ex.answer)
    return total, named


def run_lesson(path, edition, out_dir, wrong_answers, timeout):
    """Runs one lesson in one edition; returns (ok, seconds, summary lines)."""
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    problems = []
    dirty = stored_outputs(nb)
    if dirty:
        problems.append("stored with outputs in cells %s: clear them before committing" % dirty)
    exercises, found = courseware.exercises(nb)
    problems += found
    if edition == "solutions":
        problems += courseware.validate(nb)

    client = NotebookClient(nb, kernel_name="gradflow", timeout=timeout, startup_timeout=60, allow_errors=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    start = time.monotonic()
    results = {}
    variants = named = 0
    os.makedirs(out_dir, exist_ok=True)
    log_path = os.path.join(out_dir, name + ".kernel.log")
    try:
        # the kernel's own log (start-up, shut-down) goes to a file beside the HTML, not into this report
        with open(log_path, "w") as log, client.setup_kernel(stderr=log, stdout=log):
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            for i, c in enumerate(nb.cells):
                client.execute_cell(c, i)
                if c.cell_type != "code":
                    continue
                err = error_of(c)
                if err and not expected_failure(edition, i, exercises):
                    problems.append("cell %d failed: %s: %s" % (i, err[0], err[1]))
                if stderr_of(c).strip():
                    problems.append("cell %d wrote a kernel warning or other text to standard error:\n%s"
                                    % (i, stderr_of(c).strip()))
            results = {ex.id: verdict(nb.cells[ex.check], ex.id) for ex in exercises}
            if wrong_answers and edition == "solutions":
                # nbclient puts each executed cell object into nb.cells; the wrong-answer runs use copies,
                # and the lesson as run (which goes into the HTML) is put back afterwards
                as_run = list(nb.cells)
                variants, named = prove_wrong_answers(client, exercises, problems)
                nb.cells[:] = as_run
    except Exception as e:  # a dead kernel or a timeout: say which
        problems.append("%s: %s (kernel log: %s)" % (type(e).__name__, e, log_path))
    seconds = time.monotonic() - start

    wanted = "PASS" if edition == "solutions" else "NOT WRITTEN"
    for ex_id, (v, text) in sorted(results.items()):
        if v != wanted:
            problems.append("exercise %s: the check gave %s, not %s:\n%s" % (ex_id, v or "no verdict", wanted, text))

    exporter = HTMLExporter()
    if os.path.exists(LOCAL_MATHJAX):
        exporter.mathjax_url = "file://" + LOCAL_MATHJAX + "?config=TeX-AMS_CHTML-full,Safe"
    # nbconvert's default clean_html (lxml) deletes every SVG element, which would blank the lessons'
    # computation-graph pictures; the lessons and their outputs are our own, so they are kept as they are.
    exporter.register_filter("clean_html", lambda markup: markup)
    html, _ = exporter.from_notebook_node(nb)
    with open(os.path.join(out_dir, name + ".html"), "w", encoding="utf-8") as f:
        f.write(html)

    shown = sum(1 for v, _ in results.values() if v == wanted)
    line = "%-8s %-40s %6.1f s   exercises %d/%d %s" % (edition, name, seconds, shown, len(results), wanted)
    if variants:
        line += ", wrong answers caught and named %d/%d" % (named, variants)
    return not problems, seconds, [line] + ["    " + p.replace("\n", "\n    ") for p in problems]


def stale_student_edition(paths):
    """Problems when a student notebook differs from what scripts/editions.py makes of its source."""
    problems = []
    for path in paths:
        source = os.path.join(os.path.dirname(os.path.abspath(path)), "solutions", os.path.basename(path))
        if not os.path.exists(source):
            problems.append("%s has no source in notebooks/solutions/" % path)
            continue
        try:
            made = nbformat.writes(courseware.student_edition(nbformat.read(source, as_version=4))) + "\n"
        except ValueError as e:
            problems.append("%s: %s" % (source, e))
            continue
        if made != open(path, encoding="utf-8").read():
            problems.append("%s is stale: run scripts/editions.py" % os.path.relpath(path, ROOT))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*",
                    help="lessons to run (default: every lesson in both editions); a path under "
                         "notebooks/solutions/ is the solutions edition, any other the student edition")
    ap.add_argument("--edition", choices=["solutions", "student", "both"], default="both",
                    help="which edition of every lesson to run when no notebook is named (default both)")
    ap.add_argument("--out", default=os.path.join(ROOT, "out", "lessons"), help="folder for the HTML")
    ap.add_argument("--wrong-answers", action="store_true",
                    help="also prove every check catches and names each known-wrong variant of its exercise")
    ap.add_argument("--timeout", type=int, default=300, help="seconds allowed per cell")
    ap.add_argument("--jobs", type=int, default=2, help="lessons run side by side, one kernel each (default 2)")
    args = ap.parse_args()

    runs = []
    if args.notebooks:
        for p in args.notebooks:
            solutions = os.path.basename(os.path.dirname(os.path.abspath(p))) == "solutions"
            runs.append((p, "solutions" if solutions else "student"))
    else:
        if args.edition in ("solutions", "both"):
            runs += [(p, "solutions") for p in sorted(glob.glob(os.path.join(ROOT, "notebooks", "solutions", "[0-9]*.ipynb")))]
        if args.edition in ("student", "both"):
            runs += [(p, "student") for p in sorted(glob.glob(os.path.join(ROOT, "notebooks", "[0-9]*.ipynb")))]
    if not runs:
        print("run_lessons: no lessons found in notebooks/", file=sys.stderr)
        return 1
    stale = stale_student_edition([p for p, e in runs if e == "student"])
    for s in stale:
        print("FAIL  " + s, flush=True)
    print("Running %d lessons with the gradflow kernel, %d at a time; HTML goes to %s"
          % (len(runs), args.jobs, args.out), flush=True)
    ok_count = 0
    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_lesson, p, e, args.out if e == "solutions" else os.path.join(args.out, "student"),
                               args.wrong_answers, args.timeout) for p, e in runs]
        for f in futures:  # in order, each as soon as it and those before it are done
            ok, seconds, lines = f.result()
            ok_count += ok
            print(("ok    " if ok else "FAIL  ") + "\n".join(lines), flush=True)
    print("all lessons: %.1f s" % (time.monotonic() - start))
    failed = len(runs) - ok_count + (1 if stale else 0)
    print("lessons: %d passed, %d failed" % (ok_count, len(runs) - ok_count)
          + (" (and the student edition is stale)" if stale else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
