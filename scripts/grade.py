#!/usr/bin/python3
"""Grades submitted gradflow lessons and writes a gradebook (CSV and HTML).

Usage: scripts/grade SUBMISSIONS [--out DIR] [--cell-timeout S] [--timeout S] [--jobs N] [--sources DIR]

SUBMISSIONS holds one folder per student with that student's lesson notebooks, at any depth (nbgrader's
submitted/<student>/<assignment>/<notebook>.ipynb works too). A notebook is matched to its lesson by its file
name in the sources (default notebooks/solutions/). Before it runs, every check cell is replaced by the
source's (as nbgrader restores locked cells), so editing or deleting a check earns nothing. Each notebook runs
top to bottom under the gradflow kernel, going on after errors; an exercise earns its points when its check
prints PASS. A cell that runs longer than the per-cell limit (an endless loop) is interrupted and the rest of
the notebook still runs; a notebook that cannot be read, kills its kernel or exceeds the per-notebook limit
gets a row that says so (keeping the points of the checks it reached). Writes gradebook.csv and
gradebook.html into the output folder: one row per student, points per exercise, the total, the verdicts.
The "gradflow" kernel must be installed (./run-lessons or kernel/install does it).
"""
import argparse
import concurrent.futures
import copy
import csv
import glob
import html
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

import courseware
from run_lessons import error_of, verdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Graded:
    """The outcome of one submitted notebook."""

    def __init__(self, student, lesson, path):
        self.student, self.lesson, self.path = student, lesson, path
        self.points = {}      # exercise id -> points earned
        self.verdicts = {}    # exercise id -> verdict text
        self.status = "ok"


def submissions(folder):
    """(student, path) of every notebook under folder; the student is the first folder below it."""
    found = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.ipynb"), recursive=True)):
        rel = os.path.relpath(path, folder).split(os.sep)
        if ".ipynb_checkpoints" in rel:
            continue
        found.append((rel[0] if len(rel) > 1 else os.path.splitext(rel[0])[0], path))
    return found


def restore_checks(submitted, source_exercises):
    """The submission with every check cell replaced by the source's; ids of checks it had lost."""
    by_grade_id = {ex.grade_id: ex for ex in source_exercises}
    seen = set()
    for i, c in enumerate(submitted.cells):
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in by_grade_id:
            submitted.cells[i] = copy.deepcopy(by_grade_id[gid].check_cell)
            seen.add(gid)
    return [ex.id for ex in source_exercises if ex.grade_id not in seen]


def grade(student, path, source_path, timeout, cell_timeout):
    """Runs one submitted notebook and reads its checks."""
    graded = Graded(student, os.path.splitext(os.path.basename(path))[0], path)
    source = nbformat.read(source_path, as_version=4)
    exercises, _ = courseware.exercises(source)
    for ex in exercises:
        graded.points[ex.id] = 0
        graded.verdicts[ex.id] = "not reached"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:  # not JSON, not a notebook: the row says so
        graded.status = "could not be read: %s" % str(e).splitlines()[0][:200]
        return graded
    for ex_id in restore_checks(nb, exercises):
        graded.verdicts[ex_id] = "check cell missing from the submission"
    checks, answers, broken = {}, {}, {}
    for i, c in enumerate(nb.cells):
        ex_id = c.get("metadata", {}).get(courseware.KEY, {}).get("check")
        if ex_id is not None:
            checks[i] = ex_id
        ex_id = c.get("metadata", {}).get(courseware.KEY, {}).get("exercise")
        if ex_id is not None:
            answers[i] = ex_id
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    client = NotebookClient(nb, kernel_name="gradflow", timeout=cell_timeout, startup_timeout=60, allow_errors=True,
                            interrupt_on_timeout=True,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(source_path))}})
    deadline = time.monotonic() + timeout
    interrupted = []
    try:
        with open(os.devnull, "w") as quiet, client.setup_kernel(stderr=quiet, stdout=quiet):
            for i, c in enumerate(nb.cells):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                client.timeout = max(1, int(min(left, cell_timeout)))
                started = time.monotonic()
                client.execute_cell(c, i)
                if c.cell_type == "code" and time.monotonic() - started >= client.timeout:
                    interrupted.append(i)
                if i in answers and error_of(c):
                    broken[answers[i]] = "your answer cell failed: %s: %s" % error_of(c)
                if i in checks:
                    v, text = verdict(c, checks[i])
                    graded.verdicts[checks[i]] = "PASS" if v == "PASS" else broken.get(checks[i], text.strip())
                    graded.points[checks[i]] = next(ex.points for ex in exercises if ex.id == checks[i]) \
                        if v == "PASS" else 0
    except Exception as e:  # nbclient's CellTimeoutError, a dead kernel, our own deadline
        timed_out = isinstance(e, TimeoutError) or "timed out" in str(e).lower() or "Timeout" in type(e).__name__
        graded.status = ("timed out after %d s" % timeout) if timed_out \
            else "stopped: %s: %s" % (type(e).__name__, str(e).splitlines()[0][:200] if str(e) else "")
    if interrupted and graded.status == "ok":
        graded.status = "cell %s interrupted after %d s (the time limit per cell)" \
            % (", ".join(map(str, interrupted)), cell_timeout)
    for ex_id in graded.verdicts:
        cell = next((i for i, e in checks.items() if e == ex_id), None)
        if cell in interrupted:
            graded.verdicts[ex_id] = "interrupted after %d s: does the answer loop forever?" % cell_timeout
    return graded


def write_gradebook(rows, exercise_ids, max_points, out):
    """gradebook.csv and gradebook.html, one row per student."""
    os.makedirs(out, exist_ok=True)
    students = sorted({r.student for r in rows})
    header = ["student"] + exercise_ids + ["total", "max", "status", "verdicts"]
    table = []
    for s in students:
        mine = [r for r in rows if r.student == s]
        points = {ex: p for r in mine for ex, p in r.points.items()}
        verdicts = {ex: v for r in mine for ex, v in r.verdicts.items()}
        status = "; ".join("%s: %s" % (r.lesson, r.status) for r in mine if r.status != "ok") or "ok"
        failed = " | ".join("%s %s" % (ex, verdicts[ex]) for ex in exercise_ids
                            if ex in verdicts and verdicts[ex] != "PASS")
        table.append([s] + [points.get(ex, "") for ex in exercise_ids]
                     + [sum(points.values()), max_points, status, failed])
    with open(os.path.join(out, "gradebook.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(table)
    cells = lambda row, tag: "".join("<%s>%s</%s>" % (tag, html.escape(str(v)), tag) for v in row)
    body = "\n".join("<tr class=\"%s\">%s</tr>" % ("ok" if row[-2] == "ok" else "problem", cells(row, "td"))
                     for row in table)
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>gradflow gradebook</title><style>"
            "body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
            "vertical-align:top}tr.problem td{background:#fff3f0}td:last-child{font-size:smaller;max-width:60em}"
            "</style></head><body><h1>gradflow gradebook</h1><table>\n<tr>%s</tr>\n%s\n</table></body></html>\n"
            % (cells(header, "th"), body))
    with open(os.path.join(out, "gradebook.html"), "w", encoding="utf-8") as f:
        f.write(page)
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("submissions", help="folder with one folder of notebooks per student")
    ap.add_argument("--out", default="gradebook", help="folder for gradebook.csv and gradebook.html")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed per notebook (default 900)")
    ap.add_argument("--cell-timeout", type=int, default=120, help="seconds allowed per cell (default 120)")
    ap.add_argument("--jobs", type=int, default=2, help="notebooks graded side by side (default 2)")
    ap.add_argument("--sources", default=os.path.join(ROOT, "notebooks", "solutions"),
                    help="the lessons' source notebooks (default notebooks/solutions)")
    args = ap.parse_args()

    sources = {os.path.basename(p): p for p in glob.glob(os.path.join(args.sources, "*.ipynb"))}
    found = submissions(args.submissions)
    if not found:
        print("grade: no notebooks under %s" % args.submissions, file=sys.stderr)
        return 1
    rows, jobs = [], []
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for student, path in found:
            source = sources.get(os.path.basename(path))
            if source is None:
                g = Graded(student, os.path.basename(path), path)
                g.status = "not a gradflow lesson (no source named %s)" % os.path.basename(path)
                rows.append(g)
            else:
                jobs.append(pool.submit(grade, student, path, source, args.timeout, args.cell_timeout))
        rows += [j.result() for j in jobs]
    lessons = sorted({os.path.basename(r.path) for r in rows} & set(sources))
    exercise_ids, max_points = [], 0
    for name in lessons:
        for ex in courseware.exercises(nbformat.read(sources[name], as_version=4))[0]:
            exercise_ids.append(ex.id)
            max_points += ex.points
    table = write_gradebook(rows, exercise_ids, max_points, args.out)
    for row in table:
        print("%-20s %s / %s  %s" % (row[0], row[-4], row[-3], row[-2]))
    print("grade: %d notebooks of %d students; gradebook in %s" % (len(rows), len(table),
                                                                    os.path.join(args.out, "gradebook.{csv,html}")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
