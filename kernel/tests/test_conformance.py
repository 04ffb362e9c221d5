"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) run against the gradflow kernel."""
import unittest

import jupyter_kernel_test


class GradflowConformance(jupyter_kernel_test.KernelTests):

    kernel_name = "gradflow"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "Math.sqr", "matches": {"sqrt("}},
        {"text": "new StringBuilder().rever", "matches": {"reverse()"}},
        {"text": "String s = \"\"; s.toUpperC", "matches": {"toUpperCase("}},
    ]
    complete_code_samples = ["1 + 1", "int x = 3;", "void f() { }", "class A { }"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int f(int x) {", "String s = \"a\" +"]
    invalid_code_samples = ["int x = 1; )", "}"]

    code_generate_error = 'throw new IllegalStateException("as planned");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "\"a\" + \"b\"", "result": "\"ab\""},
        {"code": "Math.max(3, 5)", "result": "5"},
    ]
    code_display_data = [
        {"code": 'display(Table.create("t", DoubleColumn.create("x", 1, 2)));', "mime": "text/html"},
        {"code": 'var c = new XYChartBuilder().build(); c.addSeries("s", new double[]{1, 2}, new double[]{1, 2}); display(c);',
         "mime": "image/png"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    code_clear_output = "clearOutput();"
    code_page_something = 'page("Backpropagation applies the chain rule, layer by layer.");'


if __name__ == "__main__":
    unittest.main()
