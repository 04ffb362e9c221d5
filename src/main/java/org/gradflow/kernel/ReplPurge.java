package org.gradflow.kernel;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gradflow.kernel.wire.KernelLog;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Spares JShell a walk over every class javac has loaded after each compiler task. To let the next task
 * read the snippets' classes afresh, JShell's {@code TaskFactory.runTask} removes the classes of its
 * {@code REPL} package from javac's symbol table by going through {@code Symtab.getAllClasses()}, thousands
 * of JDK and library classes, and asking each for its package: 29-34% of the cell thread's time in lesson 1
 * (Java Flight Recorder samples). The agent makes that loop go through {@link #candidates} instead: the
 * classes whose flat name starts with {@code REPL.}, copied into a list, which a table that notes those
 * names as they are added ({@link ReplNames}) finds without a walk. JShell's loop still checks each one's
 * package before removing it, so it removes exactly what it removed before.
 *
 * <p>javac's {@code Symtab.removeClass} takes the class out of the name's inner map (one class per module) but
 * leaves that map in the table, empty. Every snippet's class is a new name ({@code REPL.$JShell$17},
 * {@code $JShell$17B} when it is redefined), so until the compiler contexts are renewed the table kept one
 * empty map per class ever compiled: in a busy lab of 5,500 cells, 2,800 names walked at every purge, 70%
 * of the cell thread's samples in the last 1,000 requests and most of the service time's drift. The purge
 * drops those empty maps from the table as it meets them; javac reads a missing name and an empty map alike
 * ({@code classes.getOrDefault(name, EMPTY)}), so nothing else changes.
 *
 * <p>JShell and javac live in the modules {@code jdk.jshell} and {@code jdk.compiler}; {@link #open} lets
 * the first read this class's module and opens javac's symbol table to it. When that fails, JShell is
 * left as it is.
 */
public final class ReplPurge {

    /** The internal name of the class rewritten. */
    static final String TASK_FACTORY = "jdk/jshell/TaskFactory";
    private static final String SYMTAB = "com/sun/tools/javac/code/Symtab";
    private static final String GET_ALL_CLASSES = "getAllClasses";

    private static Field classes;
    private static Field names;
    private static MethodHandle fromString;
    private static MethodHandle startsWith;
    /** How many purges went through {@link #candidates} (for tests: the rewrite is in force). */
    private static volatile long purges;
    /** How many REPL names the table held after the last purge (for tests: they do not pile up). */
    private static volatile int kept;

    private ReplPurge() {
    }

    /**
     * Opens what {@link #candidates} needs (from the agent, before JShell starts). Returns whether JShell's
     * task factory may be rewritten.
     */
    static boolean open(Instrumentation instrumentation) {
        try {
            Module compiler = ModuleLayer.boot().findModule("jdk.compiler").orElseThrow();
            Module jshell = ModuleLayer.boot().findModule("jdk.jshell").orElseThrow();
            Module own = ReplPurge.class.getModule();
            instrumentation.redefineModule(jshell, Set.of(own), Map.of(), Map.of(), Set.of(), Map.of());
            instrumentation.redefineModule(compiler, Set.of(), Map.of("com.sun.tools.javac.util", Set.of(own)),
                    Map.of("com.sun.tools.javac.code", Set.of(own)), Set.of(), Map.of());
            ClassLoader loader = ClassLoader.getSystemClassLoader();
            Class<?> symtab = Class.forName(SYMTAB.replace('/', '.'), false, loader);
            Class<?> name = Class.forName("com.sun.tools.javac.util.Name", false, loader);
            Class<?> nameTable = Class.forName("com.sun.tools.javac.util.Names", false, loader);
            classes = symtab.getDeclaredField("classes");
            classes.setAccessible(true);
            names = symtab.getDeclaredField("names");
            names.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            fromString = lookup.findVirtual(nameTable, "fromString", MethodType.methodType(name, String.class))
                    .asType(MethodType.methodType(Object.class, Object.class, String.class));
            startsWith = lookup.findVirtual(name, "startsWith", MethodType.methodType(boolean.class, name))
                    .asType(MethodType.methodType(boolean.class, Object.class, Object.class));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("JShell keeps walking every loaded class after each compilation (" + e + ")");
            return false;
        }
    }

    /**
     * What JShell's loop goes through instead of {@code symtab.getAllClasses()}: every class whose flat name
     * starts with {@code REPL.}, in a list of its own (the loop removes classes from the table as it goes).
     * The first call for a symbol table puts a {@link ReplNames} map in place of its table of classes, so
     * that the names of the REPL package are known without going through the whole table.
     */
    public static Iterable<?> candidates(Object symtab) {
        try {
            Object table = classes.get(symtab);
            ReplNames<?, ?> tracked;
            if (table instanceof ReplNames<?, ?> known) {
                tracked = known;
            } else {
                Object prefix = (Object) fromString.invokeExact(names.get(symtab), "REPL.");
                tracked = new ReplNames<>((Map<?, ?>) table, key -> startsWith(key, prefix));
                classes.set(symtab, tracked);
            }
            purges++;
            List<Object> found = tracked.replClasses();
            kept = tracked.replNames();
            return found;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot list the REPL package's classes in javac's symbol table", e);
        }
    }

    /** Whether a javac {@code Name} starts with another. */
    private static boolean startsWith(Object name, Object prefix) {
        try {
            return (boolean) startsWith.invokeExact(name, prefix);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * javac's table of classes by flat name ({@code Symtab.classes}) that also keeps, on every way a key can
     * be added, the names of the REPL package; a name stays in that set until the purge finds it gone from
     * the table or its inner map empty, so the set never misses one.
     */
    static final class ReplNames<K, V> extends HashMap<K, V> {

        private final Predicate<Object> inRepl;
        private final Set<Object> repl = new HashSet<>();

        ReplNames(Map<? extends K, ? extends V> table, Predicate<Object> inRepl) {
            super(table);
            this.inRepl = inRepl;
            table.keySet().forEach(this::note);
        }

        private void note(Object key) {
            if (inRepl.test(key)) {
                repl.add(key);
            }
        }

        /**
         * The classes (values of the inner maps, one per module) under the REPL package's names. A name whose
         * inner map javac emptied leaves the table here, and a name gone from the table leaves the set.
         */
        List<Object> replClasses() {
            List<Object> found = new ArrayList<>();
            for (Iterator<Object> names = repl.iterator(); names.hasNext(); ) {
                Object key = names.next();
                if (!(get(key) instanceof Map<?, ?> modules)) {
                    names.remove();
                } else if (modules.isEmpty()) {
                    names.remove();
                    remove(key, modules);
                } else {
                    found.addAll(modules.values());
                }
            }
            return found;
        }

        /** How many names of the REPL package the table holds as of the last purge. */
        int replNames() {
            return repl.size();
        }

        @Override
        public V put(K key, V value) {
            note(key);
            return super.put(key, value);
        }

        @Override
        public V putIfAbsent(K key, V value) {
            note(key);
            return super.putIfAbsent(key, value);
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> from) {
            from.keySet().forEach(this::note);
            super.putAll(from);
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> function) {
            note(key);
            return super.computeIfAbsent(key, function);
        }

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> function) {
            note(key);
            return super.compute(key, function);
        }

        @Override
        public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> function) {
            note(key);
            return super.merge(key, value, function);
        }
    }

    /**
     * {@code TaskFactory}'s class file with every call of {@code Symtab.getAllClasses()} made a call of
     * {@link #candidates}; the class file as it was when it has none (another JShell).
     */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] replaced = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                                boolean isInterface) {
                        if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(SYMTAB) && method.equals(GET_ALL_CLASSES)
                                && methodDescriptor.equals("()Ljava/lang/Iterable;")) {
                            replaced[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(ReplPurge.class),
                                    "candidates", "(Ljava/lang/Object;)Ljava/lang/Iterable;", false);
                            return;
                        }
                        super.visitMethodInsn(opcode, owner, method, methodDescriptor, isInterface);
                    }
                };
            }
        }, 0);
        return replaced[0] > 0 ? writer.toByteArray() : classFile;
    }
}
