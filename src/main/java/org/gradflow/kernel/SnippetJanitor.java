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
    private final SnippetLoader loader;

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
        try {
            Field taskFactory = JShell.class.getDeclaredField("taskFactory");
            taskFactory.setAccessible(true);
            Object factory = taskFactory.get(shell);
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
    }

    /**
     * Forgets {@code snippet} if nothing can use it any more (it ran and is not a declaration, or it was
     * dropped, replaced or rejected): its compiled class and the values of its static fields.
     */
    void forgetIfUnused(Snippet snippet, Snippet.Status status) {
        if (snippet.kind().isPersistent() && status.isActive()) {
            return;
        }
        String name;
        try {
            name = classFullName == null ? null : (String) classFullName.invoke(snippet);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;  // never compiled (rejected before wrapping)
        }
        forgetRecord(snippet);
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
            compiledClasses.keySet().removeIf(key -> key.equals(name) || key.startsWith(name + "$"));
            outerWraps.remove(simple);
            trackedClasses.keySet().removeIf(key -> key.equals(name) || key.startsWith(name + "$"));
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
            if (!snippet.kind().isPersistent() && i < byKey.size() && byKey.get(i) == snippet) {
                byKey.set(i, null);  // the key of an expression or statement is never used again
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The record by key stays; JShell already treats it as gone.
        }
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
