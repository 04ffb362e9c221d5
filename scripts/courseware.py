"""What gradflow's lessons share as courseware: the answer regions, the exercises and their metadata.

A lesson's source (notebooks/solutions/NN-*.ipynb) holds each exercise as two cells, following nbgrader:
  * the answer cell: a method whose body sits between the comment lines "// BEGIN SOLUTION" and
    "// END SOLUTION"; metadata {"nbgrader": {"solution": true, "grade_id": "ex3_1_answer", ...},
    "gradflow": {"exercise": "3.1", "wrong": [{"mistake": "<name>", "answer": "<lines>"}, ...]}};
  * the check cell: metadata {"nbgrader": {"grade": true, "locked": true, "points": n, "grade_id": ...},
    "gradflow": {"check": "3.1"}}; it prints "PASS 3.1 ..." or ends with an ExerciseFailed error.
The student edition (notebooks/NN-*.ipynb) replaces each answer region with STUB, as nbgrader's
ClearSolutions does with the code stub of course/nbgrader_config.py.
"""
import copy
import re

KEY = "gradflow"
BEGIN = "BEGIN SOLUTION"
END = "END SOLUTION"
STUB = "// YOUR CODE HERE\nthrow Exercise.notWrittenYet();"
FAILED = "ExerciseFailed"
NOT_WRITTEN = "is not written yet"
SCHEMA = 3


def replace_region(source, replacement):
    """The source with its BEGIN/END SOLUTION region (delimiter lines included) replaced by the replacement's
    lines, each indented like the BEGIN line: what nbgrader's ClearSolutions does with a code stub."""
    out, inside, found = [], False, 0
    for line in source.split("\n"):
        if BEGIN in line:
            if inside:
                raise ValueError("nested %r" % BEGIN)
            inside, found = True, found + 1
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + r for r in replacement.split("\n"))
        elif END in line:
            if not inside:
                raise ValueError("%r without %r" % (END, BEGIN))
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("%r without %r" % (BEGIN, END))
    if found != 1:
        raise ValueError("%d answer regions (one per answer cell)" % found)
    return "\n".join(out)


def region(source):
    """The lines between the BEGIN and END SOLUTION lines, dedented by the BEGIN line's indent."""
    lines = source.split("\n")
    begin = next(i for i, l in enumerate(lines) if BEGIN in l)
    end = next(i for i, l in enumerate(lines) if END in l)
    indent = re.match(r"\s*", lines[begin]).group(0)
    return "\n".join(l[len(indent):] if l.startswith(indent) else l for l in lines[begin + 1:end])


class Exercise:
    """One exercise of a lesson: its answer and check cells (indices into nb.cells)."""

    def __init__(self, ex_id, answer, check, answer_cell, check_cell):
        self.id, self.answer, self.check = ex_id, answer, check
        self.answer_cell, self.check_cell = answer_cell, check_cell

    @property
    def wrong(self):
        return self.answer_cell.metadata.get(KEY, {}).get("wrong", [])

    @property
    def points(self):
        return self.check_cell.metadata.get("nbgrader", {}).get("points", 0)

    @property
    def grade_id(self):
        return self.check_cell.metadata.get("nbgrader", {}).get("grade_id")

    def variant(self, wrong):
        """The answer cell's source with one known-wrong answer in place of the solution."""
        return replace_region(self.answer_cell.source, wrong["answer"])


def exercises(nb):
    """The exercises of a notebook in order of their answer cells; (exercises, problems)."""
    answers, checks, problems = {}, {}, []
    for i, c in enumerate(nb.cells):
        meta = c.get("metadata", {}).get(KEY, {})
        if "exercise" in meta:
            if meta["exercise"] in answers:
                problems.append("exercise %s has two answer cells" % meta["exercise"])
            answers[meta["exercise"]] = i
        if "check" in meta:
            if meta["check"] in checks:
                problems.append("exercise %s has two check cells" % meta["check"])
            checks[meta["check"]] = i
    for ex in sorted(set(answers) ^ set(checks)):
        problems.append("exercise %s has %s" % (ex, "no check cell" if ex in answers else "no answer cell"))
    found = [Exercise(ex, answers[ex], checks[ex], nb.cells[answers[ex]], nb.cells[checks[ex]])
             for ex in sorted(set(answers) & set(checks), key=lambda e: answers[e])]
    return found, problems


def validate(nb, min_wrong=3):
    """Problems that keep a source notebook from serving as an nbgrader course and a self-checked lesson."""
    found, problems = exercises(nb)
    grade_ids = {}
    if nb.metadata.get("kernelspec", {}).get("language") != "java":
        problems.append("the notebook's kernelspec must say language java (nbgrader picks the code stub by it)")
    for i, c in enumerate(nb.cells):
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid is not None:
            if not re.fullmatch(r"[A-Za-z0-9_\-]+", gid):
                problems.append("cell %d: grade_id %r: use letters, digits, _ and - only" % (i, gid))
            if gid in grade_ids:
                problems.append("cells %d and %d share the grade_id %r" % (grade_ids[gid], i, gid))
            grade_ids[gid] = i
        if (BEGIN in c.source or END in c.source) and "exercise" not in c.get("metadata", {}).get(KEY, {}):
            problems.append("cell %d holds %r or %r but is no exercise's answer cell (nbgrader would refuse it; "
                            "in prose, describe the marker lines without writing them)" % (i, BEGIN, END))
    for ex in found:
        where = "exercise %s" % ex.id
        a = ex.answer_cell.metadata.get("nbgrader", {})
        k = ex.check_cell.metadata.get("nbgrader", {})
        if not (a.get("solution") is True and a.get("grade") is False and a.get("schema_version") == SCHEMA
                and a.get("grade_id")):
            problems.append("%s: the answer cell needs nbgrader metadata solution: true, grade: false, "
                            "a grade_id, schema_version %d (has %s)" % (where, SCHEMA, a))
        if not (k.get("grade") is True and k.get("locked") is True and k.get("solution") is False
                and isinstance(k.get("points"), (int, float)) and k.get("points") > 0
                and k.get("schema_version") == SCHEMA and k.get("grade_id")):
            problems.append("%s: the check cell needs nbgrader metadata grade: true, locked: true, solution: false, "
                            "points > 0, a grade_id, schema_version %d (has %s)" % (where, SCHEMA, k))
        if ex.check < ex.answer:
            problems.append("%s: the check cell comes before the answer cell" % where)
        try:
            replace_region(ex.answer_cell.source, STUB)
        except (ValueError, StopIteration) as e:
            problems.append("%s: answer cell: %s" % (where, e))
            continue
        names = [w.get("mistake") for w in ex.wrong]
        if len(ex.wrong) < min_wrong:
            problems.append("%s: %d known-wrong variants, at least %d wanted" % (where, len(ex.wrong), min_wrong))
        if any(not n or not w.get("answer") for n, w in zip(names, ex.wrong)):
            problems.append("%s: every wrong variant needs a mistake name and an answer" % where)
        if len(set(names)) != len(names):
            problems.append("%s: two wrong variants share a mistake name" % where)
    return problems


def student_edition(nb):
    """A copy of a source notebook with every answer region replaced by the stub, the known-wrong answers
    dropped from the metadata, and no outputs."""
    student = copy.deepcopy(nb)
    for c in student.cells:
        meta = c.get("metadata", {})
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
            if meta.get("nbgrader", {}).get("solution"):
                c.source = replace_region(c.source, STUB)
        if "wrong" in meta.get(KEY, {}):
            del meta[KEY]["wrong"]
    return student
