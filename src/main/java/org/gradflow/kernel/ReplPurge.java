package org.gradflow.kernel;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
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
                tracked = new ReplNames<>((Map<?, ?>) table, (Object) fromString.invokeExact(names.get(symtab), "REPL."));
                classes.set(symtab, tracked);
            }
            purges++;
            return tracked.replClasses();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot list the REPL package's classes in javac's symbol table", e);
        }
    }

    /**
     * javac's table of classes by flat name ({@code Symtab.classes}) that also keeps, on every way a key can
     * be added, the names that start with {@code REPL.}; a name stays in that set until it is gone from the
     * table, so the set never misses one.
     */
    static final class ReplNames<K, V> extends HashMap<K, V> {

        private final Object prefix;
        private final Set<Object> repl = new HashSet<>();

        ReplNames(Map<? extends K, ? extends V> table, Object prefix) {
            super(table);
            this.prefix = prefix;
            table.keySet().forEach(this::note);
        }

        private void note(Object key) {
            try {
                if ((boolean) startsWith.invokeExact(key, prefix)) {
                    repl.add(key);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        /** The classes (values of the inner maps, one per module) under the REPL package's names. */
        List<Object> replClasses() {
            List<Object> found = new ArrayList<>();
            repl.removeIf(key -> !containsKey(key));
            for (Object key : repl) {
                Object byModule = get(key);
                if (byModule instanceof Map<?, ?> modules) {
                    found.addAll(modules.values());
                }
            }
            return found;
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
