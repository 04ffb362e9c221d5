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
 *
 * <p>Each cell's classes get a class loader of their own (finding the other cells' classes by name
 * in this loader's table), so that once the {@link SnippetJanitor} forgets the snippets of a cell no later
 * one can use, their classes are unloaded at the next collection. With one loader for all cells the JVM kept the
 * class metadata, reflection data and loading lock of every cell ever run (measured with
 * {@code jcmd GC.class_histogram} over a long lab: about 1,500 classes, 1,350 methods, their reflection
 * data and 4,500 lock objects more per 1,500 requests).
 */
final class SnippetLoader implements LoaderDelegate {

    private final DefiningLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    /**
     * Classes the cells found through the kernel's loader (the JDK, gradflow, added jars), so that a new
     * snippet's loader finds them without asking the chain of loaders again: they are never unloaded.
     */
    private final Map<String, Class<?>> outside = new ConcurrentHashMap<>();
    /** The loader of the running cell's classes (null: the next class starts a new one). */
    private CellLoader current;

    SnippetLoader(ClassLoader parent) {
        this.loader = new DefiningLoader(parent, classes);
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] installed = new boolean[cbcs.length];
        CellLoader cell = current;
        if (cell == null || java.util.Arrays.stream(cbcs).anyMatch(cbc -> cell.knows(cbc.name()))) {
            // A class of the same name again (JShell compiled a snippet anew): it needs a loader of its own.
            current = new CellLoader(loader, classes, outside);
        }
        CellLoader into = current;
        for (ClassBytecodes cbc : cbcs) {
            into.declare(cbc.name(), SnippetInstrumenter.instrumentCell(cbc.bytecodes()));
        }
        int i = 0;
        try {
            for (ClassBytecodes cbc : cbcs) {
                classes.put(cbc.name(), Class.forName(cbc.name(), false, into));
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

    /**
     * Ends the loader of the cell's classes: the next classes go into a new one (one loader a cell rather
     * than a snippet: each loader costs the JVM a little; with one a snippet lesson 1 took ~0.5 CPU-seconds
     * more, a noisy measurement).
     */
    void newCell() {
        current = null;
    }

    /**
     * Forgets a class no snippet will run again, and the classes nested in it (so that its loader can be
     * collected); returns it (or null if it was never loaded).
     */
    Class<?> forget(String name) {
        // Nested classes, and the anonymous classes of a variable JShell compiles into a package named after it.
        classes.keySet().removeIf(key -> key.startsWith(name + "$") || key.startsWith(name + "."));
        return classes.remove(name);
    }

    /**
     * The loader that finds every cell class in use and the classes of added jars (the context class
     * loader while cells run).
     */
    ClassLoader classLoader() {
        return loader;
    }

    /**
     * Defines the classes of one snippet; every other class it finds in the table of cell classes in use,
     * then through the kernel's loader. Not parallel capable on purpose: it then locks on itself instead
     * of keeping a lock object per class name for as long as it lives.
     */
    private static final class CellLoader extends ClassLoader {

        private final Map<String, byte[]> declared = new java.util.HashMap<>();
        private final java.util.Set<String> names = new java.util.HashSet<>();
        private final Map<String, Class<?>> cells;
        private final Map<String, Class<?>> outside;

        CellLoader(ClassLoader parent, Map<String, Class<?>> cells, Map<String, Class<?>> outside) {
            super("gradflow-cell", parent);
            this.cells = cells;
            this.outside = outside;
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
            names.add(name);
        }

        /** Whether a class of this name was given to this loader. */
        boolean knows(String name) {
            return names.contains(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> found = findLoadedClass(name);
                if (found == null) {
                    byte[] bytes = declared.remove(name);
                    found = bytes != null ? defineClass(name, bytes, 0, bytes.length) : cells.get(name);
                }
                if (found == null) {
                    found = outside.get(name);
                }
                if (found == null) {
                    found = getParent().loadClass(name);
                    if (!(found.getClassLoader() instanceof CellLoader)) {
                        outside.put(name, found);
                    }
                }
                if (resolve) {
                    resolveClass(found);
                }
                return found;
            }
        }
    }

    private static final class DefiningLoader extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
        private final Map<String, Class<?>> cells;

        DefiningLoader(ClassLoader parent, Map<String, Class<?>> cells) {
            super("gradflow-cells", new URL[0], parent);
            this.cells = cells;
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
            Class<?> cell = cells.get(name);
            if (cell != null) {
                return cell;  // a cell class asked for by name (Class.forName with the context class loader)
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
