#!/usr/bin/python3
"""Writes the student edition of every lesson from its one source.

  notebooks/solutions/NN-*.ipynb   the source (the teacher's and solutions edition): answers between
                                   "// BEGIN SOLUTION" and "// END SOLUTION", nbgrader metadata
  notebooks/NN-*.ipynb             the student edition, generated: each answer region replaced by
                                   "// YOUR CODE HERE" + "throw Exercise.notWrittenYet();"

Usage: scripts/editions.py            validate the sources and (re)write the student edition
       scripts/editions.py --check    validate, and fail when a student notebook is missing or stale (CI)
"""
import argparse
import glob
import os
import sys

import nbformat

import courseware

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = os.path.join(ROOT, "notebooks", "solutions")
STUDENT = os.path.join(ROOT, "notebooks")


def render(nb):
    return nbformat.writes(nb) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="write nothing; fail when an edition is stale")
    args = ap.parse_args()
    sources = sorted(glob.glob(os.path.join(SOURCES, "[0-9]*.ipynb")))
    if not sources:
        print("editions: no lessons in %s" % SOURCES, file=sys.stderr)
        return 1
    failed = False
    expected = set()
    for path in sources:
        name = os.path.basename(path)
        nb = nbformat.read(path, as_version=4)
        problems = courseware.validate(nb)
        for p in problems:
            print("editions: %s: %s" % (name, p), file=sys.stderr)
        failed |= bool(problems)
        if problems:
            continue
        target = os.path.join(STUDENT, name)
        expected.add(target)
        text = render(courseware.student_edition(nb))
        current = open(target, encoding="utf-8").read() if os.path.exists(target) else None
        if current == text:
            continue
        if args.check:
            print("editions: %s is %s: run scripts/editions.py and commit the result"
                  % (os.path.relpath(target, ROOT), "missing" if current is None else "stale"), file=sys.stderr)
            failed = True
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            print("editions: wrote %s" % os.path.relpath(target, ROOT))
    for extra in sorted(set(glob.glob(os.path.join(STUDENT, "[0-9]*.ipynb"))) - expected):
        if os.path.basename(extra) not in {os.path.basename(s) for s in sources}:
            print("editions: %s has no source in notebooks/solutions/" % os.path.relpath(extra, ROOT), file=sys.stderr)
            failed = True
    if not failed:
        print("editions: %d lessons, student edition %s" % (len(sources), "up to date" if args.check else "written"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
