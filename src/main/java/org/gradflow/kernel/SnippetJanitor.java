package org.gradflow.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.gradflow.kernel.wire.KernelLog;

/**
 * Lets go of what JShell keeps of snippets that no later snippet can use: expressions and statements once
 * run, and declarations that were dropped or replaced. JShell keeps the compiled class of every snippet
 * for the rest of the session and hands all of them to the compiler at every cell, so a long lab would
 * grow slower and bigger with every cell run (measured: 5.9x slower after 5,000 mixed requests); the
 * values in the static fields of replaced variables (a chart redrawn 800 times) would stay in memory too.
 *
 * <p>The compiled classes live inside JShell ({@code TaskFactory.fileManager.classObjects}), reached
 * by reflection (the kernel's JVM runs with {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}); when
 * that is not possible the janitor only clears the values, and says so once in the log.
 */
final class SnippetJanitor {

    private final Map<String, ?> compiledClasses;
    /** JShell's wrapped source per class (by simple name), kept to map stack traces to snippets. */
    private final Map<String, ?> outerWraps;
    /** JShell's class files per loaded class ({@code ClassTracker.map}). */
    private final Map<String, ?> trackedClasses;
    private final Method classFullName;
    /** JShell's set of every snippet of the session ({@code SnippetMaps.snippets}). */
    private final java.util.Set<?> snippets;
    /** JShell's latest snippet per key ({@code SnippetMaps.keyIndexToSnippet}). */
    private final java.util.List<Object> byKey;
    private final Method keyIndex;
    private final Method keyOf;
    /** JShell's snippets by the names they use ({@code SnippetMaps.dependencies}: name to key indexes). */
    private final Map<String, ? extends java.util.Collection<Integer>> dependencies;
    /** JShell's variable keys by name ({@code KeyMap.varMap}): one per {@code $N} temporary ever made. */
    private final Map<String, ?> variableKeys;
    private final SnippetLoader loader;
    /** JShell's compiler task factory ({@code TaskFactory}) and its method that starts a new context pool. */
    private final Object taskFactory;
    private final Method newTaskPool;
    /** Records forgotten since the last sweep of {@link #dependencies}. */
    private int unswept;
    /** How many forgotten records make a sweep of {@link #dependencies} worth its cost. */
    static final int SWEEP_EVERY = 64;

    @SuppressWarnings("unchecked")
    SnippetJanitor(JShell shell, SnippetLoader loader) {
        this.loader = loader;
        Map<String, ?> classes = null;
        Map<String, ?> outers = null;
        Map<String, ?> tracked = null;
        Method name = null;
        java.util.Set<?> all = null;
        java.util.List<Object> latest = null;
        Method index = null;
        Method key = null;
        Map<String, ? extends java.util.Collection<Integer>> uses = null;
        Map<String, ?> variables = null;
        Object factory = null;
        Method newPool = null;
        try {
            Field taskFactory = JShell.class.getDeclaredField("taskFactory");
            taskFactory.setAccessible(true);
            factory = taskFactory.get(shell);
            newPool = declaredMethod(factory.getClass(), "initTaskPool");
            Field fileManager = factory.getClass().getDeclaredField("fileManager");
            fileManager.setAccessible(true);
            Object manager = fileManager.get(factory);
            Field classObjects = manager.getClass().getDeclaredField("classObjects");
            classObjects.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, ?> found = (Map<String, ?>) classObjects.get(manager);
            name = Snippet.class.getDeclaredMethod("classFullName");
            name.setAccessible(true);
            Field mapsField = JShell.class.getDeclaredField("maps");
            mapsField.setAccessible(true);
            Object maps = mapsField.get(shell);
            Field snippetsField = maps.getClass().getDeclaredField("snippets");
            snippetsField.setAccessible(true);
            Field byKeyField = maps.getClass().getDeclaredField("keyIndexToSnippet");
            byKeyField.setAccessible(true);
            index = Class.forName("jdk.jshell.Key").getDeclaredMethod("index");
            index.setAccessible(true);
            key = Snippet.class.getDeclaredMethod("key");
            key.setAccessible(true);
            @SuppressWarnings("unchecked")
            java.util.List<Object> keyed = (java.util.List<Object>) byKeyField.get(maps);
            all = (java.util.Set<?>) snippetsField.get(maps);
            latest = keyed;
            outers = (Map<String, ?>) field(field(shell, JShell.class, "outerMap"), null, "classOuters");
            tracked = (Map<String, ?>) field(field(shell, JShell.class, "classTracker"), null, "map");
            uses = (Map<String, ? extends java.util.Collection<Integer>>) field(maps, null, "dependencies");
            variables = (Map<String, ?>) field(field(shell, JShell.class, "keyMap"), null, "varMap");
            classes = found;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("JShell's compiled classes cannot be released (" + e
                    + "); long sessions will slow down (run the kernel with --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED)");
        }
        this.compiledClasses = classes;
        this.outerWraps = outers;
        this.trackedClasses = tracked;
        this.classFullName = name;
        this.snippets = all;
        this.byKey = latest;
        this.keyIndex = index;
        this.keyOf = key;
        this.dependencies = uses;
        this.variableKeys = variables;
        this.taskFactory = newPool == null ? null : factory;
        this.newTaskPool = newPool;
    }

    /**
     * Starts JShell's compiler afresh: a new pool of compiler contexts, as JShell itself makes when the
     * class path grows. A context lives on from snippet to snippet and keeps a little of each (names,
     * listeners on the scopes of classes every snippet uses); this is the only way to let go of it.
     * Costs about 0.2 CPU-seconds at the next compilation. Returns whether the pool was renewed.
     */
    boolean renewCompilerContexts() {
        if (newTaskPool == null) {
            return false;
        }
        try {
            newTaskPool.invoke(taskFactory);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("could not renew JShell's compiler contexts: " + e);
            return false;
        }
    }

    /**
     * Forgets {@code snippet} if nothing can use it any more (it ran and is not a declaration, or it was
     * dropped, replaced or rejected): its compiled class and the values of its static fields.
     */
    void forgetIfUnused(Snippet snippet, Snippet.Status status) {
        if (snippet.kind().isPersistent() && status.isActive()) {
            return;
        }
        forgetRecord(snippet);
        String name;
        try {
            name = classFullName == null ? null : (String) classFullName.invoke(snippet);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;  // never compiled (rejected before wrapping)
        }
        if (name == null) {
            return;
        }
        String simple = name.substring(name.lastIndexOf('.') + 1);
        if (simple.contains("_")) {
            return;  // a class JShell compiled for several snippets together: others may still use it
        }
        if (usedByReplacement(snippet, name)) {
            return;  // the class now belongs to the replacing declaration
        }
        if (compiledClasses != null) {
            compiledClasses.keySet().removeIf(key -> key.equals(name) || key.startsWith(name + "$") || key.startsWith(name + "."));
            outerWraps.remove(simple);
            trackedClasses.keySet().removeIf(key -> key.equals(name) || key.startsWith(name + "$") || key.startsWith(name + "."));
        }
        Class<?> loaded = loader.forget(name);
        if (loaded != null) {
            clearStatics(loaded);
        }
    }

    /**
     * Whether the snippet now in force under the same key (the declaration that replaced this one)
     * was compiled into a class of the same name: JShell names classes after the key and a version,
     * and a declaration repeated word for word gets the same name again.
     */
    private boolean usedByReplacement(Snippet snippet, String name) {
        try {
            int i = (Integer) keyIndex.invoke(keyOf.invoke(snippet));
            Object now = i < byKey.size() ? byKey.get(i) : null;
            return now != null && now != snippet && name.equals(classFullName.invoke(now));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;  // cannot tell: keep the class
        }
    }

    /** A private method made accessible, or null when this JDK's JShell has none of that name. */
    private static Method declaredMethod(Class<?> owner, String name) {
        try {
            Method method = owner.getDeclaredMethod(name);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("JShell's compiler contexts cannot be renewed (" + e + "); a long session keeps a little of every cell");
            return null;
        }
    }

    /** The value of a private field, declared by {@code owner} (or by the object's own class when null). */
    private static Object field(Object object, Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = (owner == null ? object.getClass() : owner).getDeclaredField(name);
        field.setAccessible(true);
        return field.get(object);
    }

    /**
     * Removes JShell's record of a snippet no later snippet can refer to: each record keeps the whole
     * source JShell compiled (with an import line per declaration in force), so records of thousands of
     * cells would fill the heap, and JShell goes through all of them at every compilation.
     */
    private void forgetRecord(Snippet snippet) {
        if (snippets == null) {
            return;
        }
        snippets.remove(snippet);
        try {
            int i = (Integer) keyIndex.invoke(keyOf.invoke(snippet));
            if (i < byKey.size() && byKey.get(i) == snippet && (!snippet.kind().isPersistent() || isTemporary(snippet))) {
                // The key of an expression, a statement or a $N temporary is never used again.
                byKey.set(i, null);
                if (isTemporary(snippet)) {
                    variableKeys.remove(((jdk.jshell.VarSnippet) snippet).name());
                }
                if (++unswept >= SWEEP_EVERY) {
                    sweepDependencies();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The record by key stays; JShell already treats it as gone.
        }
    }

    /** Whether a snippet is one of JShell's {@code $N} variables holding an expression's value. */
    private static boolean isTemporary(Snippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && snippet instanceof jdk.jshell.VarSnippet;
    }

    /**
     * Removes forgotten snippets from JShell's index of which snippets use which name: JShell adds every
     * snippet under every name it mentions and never removes one, so the index grew by about ten entries a
     * cell, and redefining a name (a chart variable redrawn in every cell) went through all earlier users.
     */
    private void sweepDependencies() {
        unswept = 0;
        java.util.Iterator<? extends java.util.Collection<Integer>> users = dependencies.values().iterator();
        while (users.hasNext()) {
            java.util.Collection<Integer> indexes = users.next();
            indexes.removeIf(i -> i >= byKey.size() || byKey.get(i) == null);
            if (indexes.isEmpty()) {
                users.remove();
            }
        }
    }

    /** How many snippet indexes JShell's name index holds (for tests: it stays bounded in a long session). */
    int dependencyEntries() {
        return dependencies == null ? -1 : dependencies.values().stream().mapToInt(java.util.Collection::size).sum();
    }

    /** How many snippets JShell keeps a record of (for tests: it stays bounded in a long session). */
    int records() {
        return snippets == null ? -1 : (int) (snippets.size() + byKey.stream().filter(java.util.Objects::nonNull).count()
                + (variableKeys == null ? 0 : variableKeys.size()));
    }

    /** Sets the static reference fields of a wrapper class to null, so their values can be collected. */
    private static void clearStatics(Class<?> wrapper) {
        try {
            for (Field field : wrapper.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !field.getType().isPrimitive()) {
                    field.setAccessible(true);
                    field.set(null, null);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // A class that cannot be inspected keeps its values; nothing else depends on them.
        }
    }
}
