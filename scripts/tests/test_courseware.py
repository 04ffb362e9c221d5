"""Tests of gradflow's courseware tools: the editions, the grade command and the nbgrader round trip.

The grade and nbgrader tests run one real lesson under the installed "gradflow" kernel (run-tests installs it
into a temporary prefix and sets JUPYTER_PATH). The nbgrader test runs when nbgrader can be imported (for
example from a checkout of jupyter/nbgrader on PYTHONPATH with Debian's python3-sqlalchemy, alembic,
python3-jupyter-server, python3-dateutil and python3-jsonschema) and is skipped, saying why, otherwise.
Usage: /usr/bin/python3 -m unittest -v test_courseware   (from scripts/tests)
"""
import copy
import csv
import glob
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.dirname(HERE)
ROOT = os.path.dirname(SCRIPTS)
sys.path.insert(0, SCRIPTS)
import courseware  # noqa: E402

# the lesson the grading tests run: small and quick, with three exercises
LESSON = os.environ.get("GRADFLOW_COURSEWARE_LESSON",
                        os.path.join(ROOT, "notebooks", "solutions", "05-why-all-layers-update-at-once.ipynb"))
PY = "/usr/bin/python3"


def lesson():
    return nbformat.read(LESSON, as_version=4)


def with_answer(nb, ex, answer_source):
    """A copy of nb with exercise ex's answer cell holding answer_source."""
    out = copy.deepcopy(nb)
    out.cells[ex.answer].source = answer_source
    return out


class EditionsTest(unittest.TestCase):

    def test_the_student_edition_of_every_lesson_holds_stubs_and_no_answer(self):
        for path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "solutions", "[0-9]*.ipynb"))):
            nb = nbformat.read(path, as_version=4)
            student = courseware.student_edition(nb)
            exercises, problems = courseware.exercises(nb)
            self.assertEqual([], problems, path)
            self.assertTrue(exercises, path)
            for ex in exercises:
                cell = student.cells[ex.answer].source
                self.assertIn(courseware.STUB.split("\n")[1], cell, path)
                self.assertNotIn(courseware.region(ex.answer_cell.source).strip(), cell, path)
                self.assertNotIn("wrong", student.cells[ex.answer].metadata.get(courseware.KEY, {}))
                self.assertEqual(ex.check_cell.source, student.cells[ex.check].source, "checks stay as they are")
            self.assertFalse(any(courseware.BEGIN in c.source for c in student.cells), path)

    def test_a_region_is_replaced_with_the_stub_indented_like_its_begin_line(self):
        source = "int f(int x) {\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}"
        self.assertEqual("int f(int x) {\n    // YOUR CODE HERE\n    throw Exercise.notWrittenYet();\n}",
                         courseware.replace_region(source, courseware.STUB))
        self.assertEqual("    return 2 * x;", "    " + courseware.region(source))
        for broken in ["// BEGIN SOLUTION\nx", "x\n// END SOLUTION", "no region",
                       "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION"]:
            with self.assertRaises(ValueError, msg=broken):
                courseware.replace_region(broken, courseware.STUB)

    def test_validation_names_what_keeps_a_lesson_from_being_an_nbgrader_course(self):
        nb = lesson()
        self.assertEqual([], courseware.validate(nb))
        ex = courseware.exercises(nb)[0][0]
        broken = copy.deepcopy(nb)
        del broken.cells[ex.check].metadata["nbgrader"]["points"]
        broken.cells[ex.answer].metadata[courseware.KEY]["wrong"] = ex.wrong[:2]
        problems = " | ".join(courseware.validate(broken))
        self.assertIn("points > 0", problems)
        self.assertIn("2 known-wrong variants, at least 3 wanted", problems)
        twice = copy.deepcopy(nb)
        twice.cells[ex.check].metadata["nbgrader"]["grade_id"] = ex.answer_cell.metadata["nbgrader"]["grade_id"]
        self.assertIn("share the grade_id", " | ".join(courseware.validate(twice)))

    def test_the_course_configuration_uses_the_student_editions_stub(self):
        config = {}

        class Section(dict):
            def __getattr__(self, name):
                return self.setdefault(name, Section())

            def __setattr__(self, name, value):
                self[name] = value

        root = Section()
        with open(os.path.join(ROOT, "course", "nbgrader_config.py"), encoding="utf-8") as f:
            exec(f.read(), {"get_config": lambda: root}, config)
        self.assertEqual({"java": courseware.STUB}, root.ClearSolutions.code_stub)

    def test_the_checked_in_student_edition_is_up_to_date(self):
        run = subprocess.run([PY, os.path.join(SCRIPTS, "editions.py"), "--check"], capture_output=True, text=True)
        self.assertEqual(0, run.returncode, run.stderr)


class GradeTest(unittest.TestCase):
    """scripts/grade on generated submissions of one lesson."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gradflow-grade-")
        cls.nb = lesson()
        cls.exercises = courseware.exercises(cls.nb)[0]
        cls.name = os.path.basename(LESSON)
        subs = os.path.join(cls.tmp, "submitted")
        cls.expected = {}   # student -> (points per exercise id, status starts with)
        full = {ex.id: ex.points for ex in cls.exercises}

        def submit(student, nb, points, status="ok"):
            os.makedirs(os.path.join(subs, student), exist_ok=True)
            nbformat.write(nb, os.path.join(subs, student, cls.name))
            cls.expected[student] = (points, status)

        submit("solutions", cls.nb, full)
        submit("untouched", courseware.student_edition(cls.nb), {ex.id: 0 for ex in cls.exercises})
        for k, ex in enumerate(cls.exercises):
            for j, wrong in enumerate(ex.wrong):
                submit("wrong-%s-%d" % (ex.id, j), with_answer(cls.nb, ex, ex.variant(wrong)), dict(full, **{ex.id: 0}))
        first, last = cls.exercises[0], cls.exercises[-1]
        syntax = with_answer(cls.nb, first, courseware.replace_region(first.answer_cell.source, "double broken = ;"))
        submit("syntax-error", syntax, dict(full, **{first.id: 0}))
        endless = with_answer(cls.nb, last, courseware.replace_region(last.answer_cell.source, "while (true) { }"))
        submit("endless-loop", endless, dict(full, **{last.id: 0}), "%s: cell %d interrupted after"
               % (os.path.splitext(cls.name)[0], last.check))
        deleted = copy.deepcopy(cls.nb)
        deleted.cells[first.check].source = "// I removed the check"
        submit("edited-check", deleted, full)
        os.makedirs(os.path.join(subs, "unreadable"))
        with open(os.path.join(subs, "unreadable", cls.name), "w") as f:
            f.write("{ this is not a notebook")
        cls.expected["unreadable"] = ({ex.id: 0 for ex in cls.exercises}, "%s: could not be read"
                                      % os.path.splitext(cls.name)[0])
        cls.out = os.path.join(cls.tmp, "gradebook")
        # the time limit per cell: what the lesson's slowest cell needs, with room to spare, far below forever
        cls.graded = subprocess.run([os.path.join(SCRIPTS, "grade"), subs, "--out", cls.out, "--cell-timeout", "20",
                                     "--sources", os.path.dirname(LESSON)],
                                 capture_output=True, text=True, timeout=1800)
        with open(os.path.join(cls.out, "gradebook.csv"), newline="") as f:
            cls.rows = {row["student"]: row for row in csv.DictReader(f)}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_submission_gets_a_row_with_the_points_it_earned(self):
        self.assertEqual(0, self.graded.returncode, self.graded.stderr)
        self.assertEqual(set(self.expected), set(self.rows))
        for student, (points, status) in sorted(self.expected.items()):
            row = self.rows[student]
            got = {ex.id: int(float(row[ex.id])) for ex in self.exercises}
            self.assertEqual(points, got, "%s: %s" % (student, row))
            self.assertEqual(sum(points.values()), int(float(row["total"])), student)
            self.assertTrue(row["status"].startswith(status), "%s: %s" % (student, row["status"]))

    def test_the_verdicts_name_the_mistake_and_the_missing_answers(self):
        for ex in self.exercises:
            for j, wrong in enumerate(ex.wrong):
                self.assertIn("this looks like a known mistake: " + wrong["mistake"],
                              self.rows["wrong-%s-%d" % (ex.id, j)]["verdicts"])
        self.assertEqual(len(self.exercises), self.rows["untouched"]["verdicts"].count("is not written yet"))
        self.assertEqual("", self.rows["solutions"]["verdicts"])
        self.assertIn("your answer cell failed: CompileError", self.rows["syntax-error"]["verdicts"])

    def test_the_html_gradebook_has_a_row_per_student(self):
        with open(os.path.join(self.out, "gradebook.html"), encoding="utf-8") as f:
            page = f.read()
        for student in self.expected:
            self.assertIn("<td>%s</td>" % student, page)
        self.assertIn("could not be read", page)


def tiny_lesson(wrong=None, extra_cells=()):
    """A one-exercise lesson: the slope of x^3, with three modelled mistakes."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    nb = new_notebook(metadata={"kernelspec": {"display_name": "Java (gradflow)", "language": "java",
                                               "name": "gradflow"}})
    wrong = wrong or [{"mistake": "the power not brought down", "answer": "return x * x;"},
                      {"mistake": "the exponent not lowered", "answer": "return 3 * x * x * x;"},
                      {"mistake": "the sign flipped", "answer": "return -3 * x * x;"}]
    answer = new_code_cell(
        "/** The slope of x^3 at x. */\ndouble cubeSlope(double x) {\n    // BEGIN SOLUTION\n    return 3 * x * x;\n"
        "    // END SOLUTION\n}",
        metadata={"nbgrader": {"grade": False, "grade_id": "ex9_1_answer", "locked": False, "schema_version": 3,
                               "solution": True, "task": False},
                  courseware.KEY: {"exercise": "9.1", "wrong": wrong}})
    check = new_code_cell(
        "double x0 = 1.7;\n"
        "Exercise.check(\"9.1\", \"d(x^3)/dx\", ex -> ex\n"
        "        .mistake(\"the power not brought down\", () -> x0 * x0)\n"
        "        .mistake(\"the exponent not lowered\", () -> 3 * x0 * x0 * x0)\n"
        "        .mistake(\"the sign flipped\", () -> -3 * x0 * x0)\n"
        "        .hint(\"bring the power down\")\n"
        "        .expectGradient(\"f'(x)\", v -> v[0] * v[0] * v[0], new double[] {x0}, () -> cubeSlope(x0)))",
        metadata={"nbgrader": {"grade": True, "grade_id": "ex9_1_check", "locked": True, "points": 2,
                               "schema_version": 3, "solution": False, "task": False},
                  courseware.KEY: {"check": "9.1"}})
    nb.cells = [new_markdown_cell("# A tiny lesson"), answer, check] + [new_code_cell(c) for c in extra_cells]
    return nb


class RunnerTest(unittest.TestCase):
    """scripts/run_lessons.py fails a lesson for each thing it promises to catch."""

    def run_lesson(self, nb, edition="solutions", wrong_answers=True):
        d = tempfile.mkdtemp(prefix="gradflow-runner-")
        self.addCleanup(shutil.rmtree, d, True)
        os.makedirs(os.path.join(d, "solutions"))
        nbformat.write(nb, os.path.join(d, "solutions", "09-tiny.ipynb"))
        nbformat.write(courseware.student_edition(nb), os.path.join(d, "09-tiny.ipynb"))
        path = os.path.join(d, "solutions" if edition == "solutions" else "", "09-tiny.ipynb")
        args = [PY, os.path.join(SCRIPTS, "run_lessons.py"), "--out", os.path.join(d, "out"), path]
        run = subprocess.run(args + (["--wrong-answers"] if wrong_answers else []), capture_output=True, text=True,
                             timeout=600)
        return run.returncode, run.stdout + run.stderr

    def test_a_good_lesson_passes_in_both_editions_with_every_mistake_named(self):
        code, out = self.run_lesson(tiny_lesson())
        self.assertEqual(0, code, out)
        self.assertIn("wrong answers caught and named 3/3", out)
        code, out = self.run_lesson(tiny_lesson(), edition="student", wrong_answers=False)
        self.assertEqual(0, code, out)
        self.assertIn("exercises 1/1 NOT WRITTEN", out)

    def test_a_variant_the_check_does_not_name_or_does_not_catch_fails_the_lesson(self):
        unnamed = [{"mistake": "the power not brought down", "answer": "return x * x;"},
                   {"mistake": "the exponent not lowered", "answer": "return 3 * x * x * x;"},
                   {"mistake": "a factor 2 instead of 3", "answer": "return 2 * x * x;"}]
        code, out = self.run_lesson(tiny_lesson(unnamed))
        self.assertNotEqual(0, code, out)
        self.assertIn("caught the mistake 'a factor 2 instead of 3' but did not name it", out)
        not_wrong = unnamed[:2] + [{"mistake": "the sign flipped", "answer": "return x * x * 3;"}]
        code, out = self.run_lesson(tiny_lesson(not_wrong))
        self.assertNotEqual(0, code, out)
        self.assertIn("did not catch the mistake 'the sign flipped'", out)

    def test_a_kernel_warning_fails_the_lesson(self):
        code, out = self.run_lesson(tiny_lesson(extra_cells=["double later() { return notYetDeclared(); }"]),
                                    wrong_answers=False)
        self.assertNotEqual(0, code, out)
        self.assertIn("kernel warning or other text to standard error", out)
        self.assertIn("cannot be used until", out)

    def test_a_student_edition_that_uses_an_answer_outside_its_check_fails(self):
        code, out = self.run_lesson(tiny_lesson(extra_cells=["cubeSlope(2.0)"]), edition="student",
                                    wrong_answers=False)
        self.assertNotEqual(0, code, out)
        self.assertIn("cell 3 failed", out)
        self.assertIn("not written yet", out)


def nbgrader_missing():
    if importlib.util.find_spec("nbgrader") is None:
        return "nbgrader is not importable (put a checkout of jupyter/nbgrader on PYTHONPATH to run this test)"
    if shutil.which("alembic") is None:
        return "nbgrader needs the alembic command (Debian: apt-get install alembic)"
    return None


@unittest.skipIf(nbgrader_missing(), nbgrader_missing())
class NbgraderRoundTripTest(unittest.TestCase):
    """The lesson's source as an nbgrader course: generate_assignment, then autograde three submissions."""

    def nbgrader(self, course, *args):
        run = subprocess.run([PY, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True, timeout=900)
        self.assertEqual(0, run.returncode, run.stdout + run.stderr)

    def test_every_lesson_releases_as_the_student_edition(self):
        course = tempfile.mkdtemp(prefix="gradflow-course-")
        self.addCleanup(shutil.rmtree, course, True)
        subprocess.run([os.path.join(SCRIPTS, "make-course"), course], check=True, capture_output=True)
        for path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "solutions", "[0-9]*.ipynb"))):
            name = os.path.basename(path)
            assignment = "lesson" + name[:2]
            self.nbgrader(course, "generate_assignment", assignment, "--force")
            released = nbformat.read(os.path.join(course, "release", assignment, name), as_version=4)
            student = courseware.student_edition(nbformat.read(path, as_version=4))
            self.assertEqual([c.source for c in student.cells], [c.source for c in released.cells], name)

    def test_released_stubs_and_autograded_points(self):
        from nbgrader.api import Gradebook
        course = tempfile.mkdtemp(prefix="gradflow-course-")
        self.addCleanup(shutil.rmtree, course, True)
        subprocess.run([os.path.join(SCRIPTS, "make-course"), course], check=True, capture_output=True)
        name = os.path.basename(LESSON)
        assignment = "lesson" + name[:2]
        shutil.copy(LESSON, os.path.join(course, "source", assignment, name))  # the lesson under test
        self.nbgrader(course, "generate_assignment", assignment, "--force")
        released = nbformat.read(os.path.join(course, "release", assignment, name), as_version=4)
        nb = lesson()
        exercises = courseware.exercises(nb)[0]
        student = courseware.student_edition(nb)
        for ex in exercises:
            self.assertEqual(student.cells[ex.answer].source, released.cells[ex.answer].source)
            self.assertEqual(ex.check_cell.source, released.cells[ex.check].source)
        wrong_ex = exercises[0]
        submissions = {"solutions": nb, "released": released,
                       "wrong": with_answer(nb, wrong_ex, wrong_ex.variant(wrong_ex.wrong[0]))}
        for who, sub in submissions.items():
            os.makedirs(os.path.join(course, "submitted", who, assignment))
            nbformat.write(sub, os.path.join(course, "submitted", who, assignment, name))
        self.nbgrader(course, "autograde", assignment, "--create", "--force")
        total = sum(ex.points for ex in exercises)
        expected = {"solutions": total, "released": 0, "wrong": total - wrong_ex.points}
        with Gradebook("sqlite:///" + os.path.join(course, "gradebook.db")) as gb:
            for who, points in expected.items():
                self.assertEqual(points, gb.find_submission(assignment, who).score, who)
                self.assertEqual(total, gb.find_submission(assignment, who).max_score, who)


if __name__ == "__main__":
    unittest.main()
