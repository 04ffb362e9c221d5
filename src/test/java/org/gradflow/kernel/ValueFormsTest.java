package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ValueFormsTest {

    @Test
    void anExpressionBecomesTheKernelsObjectVariable() {
        assertEquals("Object $gradflowValue = (1 + 1);", ValueForms.value("1 + 1;"));
        assertEquals("Object $gradflowValue = (GraphPicture.of(L, \"a = w x\"));",
                ValueForms.value("GraphPicture.of(L, \"a = w x\") // the picture\n"));
        assertEquals("Object $gradflowValue = (a == b);", ValueForms.value("a == b"));
        assertEquals("Object $gradflowValue = (a <= b && c >= d && e != f);", ValueForms.value("a <= b && c >= d && e != f"));
        assertEquals("Object $gradflowValue = (\"x = 1;\".length());", ValueForms.value("\"x = 1;\".length()"));
        assertEquals("Object $gradflowValue = (xs.stream().map(x -> x == 1).count());",
                ValueForms.value("xs.stream().map(x -> x == 1).count()"));
    }

    @Test
    void assignmentsDeclarationsAndStatementsKeepTheirForm() {
        for (String source : new String[] {"x = 5;", "x += 1", "bits <<= 2", "bits >>>= 1", "int x = 1", "var v = f()",
                                           "for (int i = 0; i < 3; i++) { f(i); }", "if (a) f();", "import java.util.*;",
                                           "@Deprecated int old()", "void f() { }", "new int[] {1, 2}", "class A { }",
                                           "return x;", "f(); g()", "\"open", "/* open"}) {
            assertNull(ValueForms.value(source), source);
            assertNull(ValueForms.statement(source), source);
        }
    }

    @Test
    void anExpressionStatementEndingInACallBecomesABlock() {
        assertEquals("{ z.backward(); }", ValueForms.statement("z.backward();"));
        assertEquals("{ System.out.printf(\"%d;%n\", 1); }", ValueForms.statement("System.out.printf(\"%d;%n\", 1); // done"));
        assertEquals("{ new Thread(task).start(); }", ValueForms.statement("new Thread(task).start();"));
        assertNull(ValueForms.statement("i++;"));
        assertNull(ValueForms.statement("Value later;"));
        assertNull(ValueForms.statement("int[] grid;"));
    }
}
