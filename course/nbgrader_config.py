# nbgrader configuration for a course made from gradflow's lessons (scripts/make-course copies it into the
# course folder). The lessons' sources, notebooks/solutions/*.ipynb, are nbgrader source notebooks as they are:
# answers between "// BEGIN SOLUTION" and "// END SOLUTION" in solution cells, locked graded check cells.
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "gradflow"

# What replaces an answer region in the released notebook: the same stub as gradflow's student edition, so
# an unanswered exercise fails its check as "exercise N is not written yet" (nbgrader's default Java stub is
# only a comment, which leaves a method without a return and the cell without a compile).
c.ClearSolutions.code_stub = {"java": "// YOUR CODE HERE\nthrow Exercise.notWrittenYet();"}

# Autograding runs every cell with the "gradflow" kernel (installed by kernel/install); a lesson's slowest
# cells take seconds, an endless loop in an answer is stopped here.
c.Execute.timeout = 300
c.Execute.interrupt_on_timeout = True
