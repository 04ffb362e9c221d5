package org.gradflow.kernel;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Guards the JVM's own way out, so that no route a cell takes can end the kernel: the kernel's agent
 * rewrites {@code java.lang.Shutdown.exit} and {@code halt} (where {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} end, whether called directly, through a method
 * reference, reflection or a {@code MethodHandle}) and {@code jdk.internal.misc.Signal.raise} (behind
 * {@code sun.misc.Signal.raise}) to call a gate first. The gate throws {@link CellGuard.ExitAttemptError}
 * unless the kernel itself is exiting or the exit comes from the JVM's handler of a signal sent from
 * outside (a front end ending the kernel with SIGTERM).
 *
 * <p>The rewritten JDK classes can only see {@code java.base}, so each gate is an {@link IntConsumer}
 * kept in the system properties under {@link #EXIT}, {@link #HALT} and {@link #RAISE}; a missing gate
 * makes the call fail with a NullPointerException, which also keeps the kernel alive.
 * What stays open: native code (a cell calling the C library's {@code exit} through the foreign function
 * API or JNI), a process the cell starts sending the kernel a signal, and a cell that deliberately replaces
 * the gates.
 */
final class ExitGate {

    /** The system property holding the gate of {@code Shutdown.exit}. */
    static final String EXIT = "gradflow.gate.exit";
    /** The system property holding the gate of {@code Shutdown.halt}. */
    static final String HALT = "gradflow.gate.halt";
    /** The system property holding the gate of {@code Signal.raise}. */
    static final String RAISE = "gradflow.gate.raise";

    private static final String SHUTDOWN = "java/lang/Shutdown";
    private static final String SIGNAL = "jdk/internal/misc/Signal";

    private static volatile boolean permitted;

    private ExitGate() {
    }

    /** Puts the gates in place and rewrites the JDK's exit paths (from the agent's premain). */
    static void install(Instrumentation instrumentation) {
        System.getProperties().put(EXIT, gate("System.exit / Runtime.exit", true));
        System.getProperties().put(HALT, gate("Runtime.halt", true));
        System.getProperties().put(RAISE, gate("Signal.raise", false));
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classFile) {
                return loader == null && (SHUTDOWN.equals(className) || SIGNAL.equals(className))
                        ? rewrite(classFile) : null;
            }
        }, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            String name = c.getName().replace('.', '/');
            if (name.equals(SHUTDOWN) || name.equals(SIGNAL)) {
                loaded.add(c);
            }
        }
        try {
            if (!loaded.isEmpty()) {
                instrumentation.retransformClasses(loaded.toArray(new Class<?>[0]));
            }
        } catch (UnmodifiableClassException | RuntimeException e) {
            System.err.println("gradflow kernel: cannot guard the JVM's exit (" + e + "); only direct calls in cells are");
        }
    }

    /** Lets the kernel itself end the process (shutdown, a dead parent, a dead channel thread). */
    static void permit() {
        permitted = true;
    }

    /**
     * A gate that throws unless exiting is permitted; {@code signalsPass} lets the JVM's handlers of
     * signals from outside through (they run on threads named like {@code SIGTERM handler}).
     */
    static IntConsumer gate(String call, boolean signalsPass) {
        return status -> {
            if (permitted || signalsPass && signalHandler(Thread.currentThread())) {
                return;
            }
            throw new CellGuard.ExitAttemptError(call, status);
        };
    }

    /** Whether {@code thread} is one the JVM starts to handle an incoming signal. */
    static boolean signalHandler(Thread thread) {
        ThreadGroup group = thread.getThreadGroup();
        return thread.getName().matches("SIG[A-Z0-9]+ handler") && group != null && group.getParent() == null;
    }

    /** The class file with a call to the gate at the start of {@code exit}, {@code halt} and {@code raise}. */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                String key = (access & Opcodes.ACC_STATIC) == 0 ? null
                        : name.equals("exit") && descriptor.equals("(I)V") ? EXIT
                        : name.equals("halt") && descriptor.equals("(I)V") ? HALT
                        : name.equals("raise") && descriptor.equals("(L" + SIGNAL + ";)V") ? RAISE : null;
                if (next == null || key == null) {
                    return next;
                }
                return new MethodVisitor(Opcodes.ASM9, next) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        // ((IntConsumer) System.getProperties().get(key)).accept(status or signal number)
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties",
                                "()Ljava/util/Properties;", false);
                        super.visitLdcInsn(key);
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "get",
                                "(Ljava/lang/Object;)Ljava/lang/Object;", false);
                        super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/function/IntConsumer");
                        super.visitVarInsn(key.equals(RAISE) ? Opcodes.ALOAD : Opcodes.ILOAD, 0);
                        if (key.equals(RAISE)) {
                            super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, SIGNAL, "getNumber", "()I", false);
                        }
                        super.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/function/IntConsumer", "accept",
                                "(I)V", true);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
