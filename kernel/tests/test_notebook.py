"""A whole notebook executed by nbclient (as nbconvert --execute and CI do) on the gradflow kernel."""
import base64
import os
import subprocess
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient


class NotebookTest(unittest.TestCase):

    def test_a_lesson_shaped_notebook_runs_top_to_bottom(self):
        cells = [
            "double sigmoid(double a) { return 1 / (1 + Math.exp(-a)); }",
            "double[] xs = new double[21], ys = new double[21];\n"
            "for (int i = 0; i <= 20; i++) { xs[i] = -5 + i * 0.5; ys[i] = sigmoid(xs[i]); }\n"
            "System.out.println(\"sigmoid(0) = \" + sigmoid(0));",
            "var chart = new XYChartBuilder().width(400).height(300).title(\"sigmoid\").build();\n"
            "chart.addSeries(\"f\", xs, ys);\nchart",
            "Table.create(\"values\", DoubleColumn.create(\"a\", xs), DoubleColumn.create(\"f(a)\", ys))",
            "Matrix.zeros(2, 3).rows()",
        ]
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
        NotebookClient(nb, kernel_name="gradflow", timeout=60).execute()
        outputs = [c.outputs for c in nb.cells]
        self.assertEqual(outputs[0], [])
        self.assertEqual(outputs[1][0]["text"], "sigmoid(0) = 0.5\n")
        png = base64.b64decode(outputs[2][0]["data"]["image/png"])
        self.assertTrue(png.startswith(b"\x89PNG"))
        self.assertIn("21 rows", outputs[3][0]["data"]["text/html"])
        self.assertEqual(outputs[4][0]["data"]["text/plain"], "2")
        self.assertEqual([c.execution_count for c in nb.cells], [1, 2, 3, 4, 5])

    def test_nbconvert_executes_to_html_with_the_chart_embedded(self):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "gradflow", "display_name": "Java (gradflow)", "language": "java"}
        nb.cells = [nbformat.v4.new_code_cell(
            "var c = new XYChartBuilder().width(200).height(150).build();\n"
            "c.addSeries(\"s\", new double[] {0, 1}, new double[] {1, 0});\nc")]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "lesson.ipynb")
            nbformat.write(nb, path)
            subprocess.run(["/usr/bin/python3", "-m", "nbconvert", "--to", "html", "--execute", path],
                           check=True, capture_output=True, timeout=120)
            with open(os.path.join(d, "lesson.html")) as f:
                self.assertIn("data:image/png;base64,", f.read())

    def test_a_failed_check_or_assert_fails_nbconvert_and_names_the_mistake(self):
        cells = {
            "assert": 'assert 1 + 1 == 3 : "assertions are on: 1 + 1 is not 3";',
            "check": 'Exercise.check("9.9", "the slope of x^2 at 3", ex -> ex\n'
                     '        .mistake("the power not brought down", () -> 3.0)\n'
                     '        .hint("bring the power down")\n'
                     '        .expect("f\'(3)", 6.0, () -> 3.0, 1e-9))',
        }
        for what, source in cells.items():
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": "gradflow", "display_name": "Java (gradflow)", "language": "java"}
            nb.cells = [nbformat.v4.new_code_cell(source), nbformat.v4.new_code_cell("1 + 1")]
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "answer.ipynb")
                nbformat.write(nb, path)
                run = subprocess.run(["/usr/bin/python3", "-m", "nbconvert", "--to", "notebook", "--execute", path],
                                     capture_output=True, text=True, timeout=120)
                self.assertNotEqual(0, run.returncode, what + ": nbconvert --execute must fail")
                if what == "assert":
                    self.assertIn("AssertionError", run.stderr)
                    self.assertIn("1 + 1 is not 3", run.stderr)
                else:
                    self.assertIn("ExerciseFailed", run.stderr)
                    self.assertIn("FAIL 9.9 the slope of x^2 at 3: f'(3): expected 6", run.stderr)
                    self.assertIn("this looks like a known mistake: the power not brought down", run.stderr)


if __name__ == "__main__":
    unittest.main()
