package org.gradflow.kernel;

import java.util.Set;

/**
 * Cheaper forms of two common snippets. JShell compiles an expression, and an expression statement such
 * as {@code z.backward();}, once more than other snippets, to learn its type for a {@code $N} variable; the
 * kernel needs no static type: it shows the value of a cell's last expression as an object, and nothing of
 * an expression statement. So the evaluator first tries
 * <ul>
 *   <li>{@code Object $gradflowValue = (expr);} for an expression without a semicolon, and</li>
 *   <li>{@code { call(...); }} (a block, which JShell runs as a plain statement) for an expression statement
 *       that ends with a call or a {@code new},</li>
 * </ul>
 * and falls back to the snippet as written when the form does not compile (a {@code void} call, a
 * declaration that only looked like an expression), so every message stays JShell's own. Forms are only
 * offered where the meaning cannot change: never for an assignment (its value is not shown), a declaration
 * (it would become local to the block), or a snippet that starts with a keyword or an annotation.
 */
final class ValueForms {

    /** The variable that holds a cell's value for one evaluation; dropped as soon as the value is taken. */
    static final String VALUE = "$gradflowValue";

    /** Words that start a declaration or a statement other than an expression. */
    private static final Set<String> NOT_AN_EXPRESSION = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "char", "class", "continue", "default", "do",
            "double", "else", "enum", "final", "float", "for", "if", "import", "int", "interface", "long", "native",
            "non", "package", "private", "protected", "public", "record", "return", "sealed", "short", "static",
            "strictfp", "switch", "synchronized", "throw", "transient", "try", "var", "void", "volatile", "while",
            "yield");

    private ValueForms() {
    }

    /** {@code Object $gradflowValue = (expr);} for a snippet that may be an expression, else null. */
    static String value(String source) {
        String body = expressionBody(source);
        return body == null || body.endsWith("}") ? null : "Object " + VALUE + " = (" + body + ");";
    }

    /** {@code { call(...); }} for a snippet that may be an expression statement ending with a call, else null. */
    static String statement(String source) {
        String body = expressionBody(source);
        return body == null || !body.endsWith(")") ? null : "{ " + body + "; }";
    }

    /**
     * The snippet without its final semicolon, comments and blanks, when it starts like an expression, has
     * no assignment outside brackets and does not name {@link #VALUE}; else null.
     */
    private static String expressionBody(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int depth = 0;
        boolean assigns = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            int end = JavaText.skip(source, i);
            if (end >= source.length()) {
                return null;   // an unclosed comment or literal
            }
            if (end >= 0) {
                if (c == '"' || c == '\'') {
                    code.append(source, i, end + 1);
                } else {
                    code.append(' ');
                }
                i = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && c == '=' && isAssignment(source, i)) {
                assigns = true;
            } else if (depth == 0 && c == ';' && !onlyComments(source, i + 1)) {
                return null;   // more than one statement
            }
            code.append(c);
        }
        String body = code.toString().strip();
        while (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1).strip();
        }
        if (assigns || depth != 0 || body.isEmpty()) {
            return null;
        }
        char first = body.charAt(0);
        if (first == '@' || first == '{') {
            return null;
        }
        int word = 0;
        while (word < body.length() && Character.isJavaIdentifierPart(body.charAt(word))) {
            word++;
        }
        return NOT_AN_EXPRESSION.contains(body.substring(0, word)) || body.contains(VALUE) ? null : body;
    }

    /** Whether the {@code =} at {@code i} assigns ({@code =}, {@code +=}, ...) rather than compares. */
    private static boolean isAssignment(String source, int i) {
        char before = i > 0 ? source.charAt(i - 1) : ' ';
        char after = i + 1 < source.length() ? source.charAt(i + 1) : ' ';
        if (after == '=' || before == '=') {
            return false;                       // == (either half)
        }
        if (before == '!') {
            return false;                       // !=
        }
        if (before == '<' || before == '>') {
            // <= and >= compare; <<= and >>= (and >>>=) assign.
            char twoBefore = i > 1 ? source.charAt(i - 2) : ' ';
            return twoBefore == before;
        }
        return true;                            // =, +=, -=, *=, /=, %=, &=, |=, ^=
    }

    /** Whether nothing but blanks and comments follows {@code from}. */
    private static boolean onlyComments(String source, int from) {
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int end = c == '/' ? JavaText.skip(source, i) : -1;
            if (end < 0 || end >= source.length()) {
                return false;
            }
            i = end;
        }
        return true;
    }
}
