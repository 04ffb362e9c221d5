package org.gradflow.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.security.cert.Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads cell classes (from JShell's compiler) and classes of jars added at run time, rewriting both with
 * {@link SnippetInstrumenter}. Everything on the kernel's own class path (gradflow, XChart, Tablesaw)
 * comes from the parent loader, so cells and the kernel's renderers share those classes.
 */
final class SnippetLoader implements LoaderDelegate {

    private final DefiningLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    SnippetLoader(ClassLoader parent) {
        this.loader = new DefiningLoader(parent);
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), SnippetInstrumenter.instrument(cbc.bytecodes()));
        }
        int i = 0;
        try {
            for (ClassBytecodes cbc : cbcs) {
                classes.put(cbc.name(), Class.forName(cbc.name(), false, loader));
                installed[i++] = true;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ClassInstallException("cannot load " + cbcs[i].name() + ": " + e, installed);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), SnippetInstrumenter.instrument(cbc.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                loader.add(new File(entry).toURI().toURL());
            } catch (MalformedURLException e) {
                throw new InternalException("not a class path entry: " + entry);
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> found = classes.get(name);
        if (found == null) {
            throw new ClassNotFoundException(name + " was not loaded by the kernel");
        }
        return found;
    }

    /** Forgets a class no snippet will run again; returns it (or null if it was never loaded). */
    Class<?> forget(String name) {
        return classes.remove(name);
    }

    /** The loader of cell classes (the context class loader while cells run). */
    ClassLoader classLoader() {
        return loader;
    }

    private static final class DefiningLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        DefiningLoader(ClassLoader parent) {
            super("gradflow-cells", new URL[0], parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        void add(URL url) {
            addURL(url);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            // Defined once (JShell gives a changed snippet a new class): the bytes are not needed again.
            byte[] bytes = declared.remove(name);
            if (bytes != null) {
                return defineClass(name, bytes, 0, bytes.length);
            }
            String resource = name.replace('.', '/') + ".class";
            URL url = findResource(resource);
            if (url == null) {
                throw new ClassNotFoundException(name);
            }
            try (InputStream in = url.openStream()) {
                byte[] rewritten = SnippetInstrumenter.instrument(in.readAllBytes());
                CodeSource source = new CodeSource(url, (Certificate[]) null);
                return defineClass(name, rewritten, 0, rewritten.length, source);
            } catch (IOException | RuntimeException e) {
                throw new ClassNotFoundException("cannot read " + url + ": " + e, e);
            }
        }
    }
}
