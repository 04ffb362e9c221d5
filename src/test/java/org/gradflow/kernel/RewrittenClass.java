package org.gradflow.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

/** Test support: a class of the test suite loaded again, after a bytecode rewrite, in a loader of its own. */
final class RewrittenClass {

    private RewrittenClass() {
    }

    /** The bytes of {@code original}'s class file as the test suite compiled it. */
    static byte[] bytesOf(Class<?> original) throws IOException {
        try (InputStream in = original.getResourceAsStream("/" + original.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** {@code original} defined from {@code rewrite(its bytes)}, every other class from the test suite's loader. */
    static Class<?> of(Class<?> original, UnaryOperator<byte[]> rewrite) throws IOException, ClassNotFoundException {
        return define(original, rewrite.apply(bytesOf(original)));
    }

    /** {@code original}'s name defined from {@code bytes}, every other class from the test suite's loader. */
    static Class<?> define(Class<?> original, byte[] bytes) throws ClassNotFoundException {
        String name = original.getName();
        ClassLoader loader = new ClassLoader(original.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    Class<?> done = findLoadedClass(n);
                    return done != null ? done : defineClass(n, bytes, 0, bytes.length);
                }
                return super.loadClass(n, resolve);
            }
        };
        return loader.loadClass(name);
    }
}
