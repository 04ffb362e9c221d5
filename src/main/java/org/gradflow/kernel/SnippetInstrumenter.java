package org.gradflow.kernel;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites the bytecode of cell code (and of jars added with {@code %jars}) as it is loaded:
 * <ul>
 *   <li>a call to {@link CellGuard#poll()} at each method entry and before each backward jump, so an
 *       interrupt stops {@code while (true) {}} on every JDK (Thread.stop is gone since JDK 20);</li>
 *   <li>{@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become calls to
 *       {@link CellGuard}, which throw instead of ending the kernel;</li>
 *   <li>{@code ServerSocket.accept()} waits in slices that an interrupt can end ({@link CellGuard#accept});</li>
 *   <li>processes started with {@code ProcessBuilder.start()} or {@code Runtime.exec} are remembered, so that an
 *       interrupt of a cell stuck waiting for one can end it ({@link CellGuard#start}).</li>
 * </ul>
 * Neither change alters the operand stack, so stack map frames stay valid.
 *
 * <p>Cell classes ({@link #instrumentCell}) are also made public, with their package-private and protected
 * members: each snippet's classes have a class loader of their own (so that they can be unloaded once no
 * later snippet can use them), which puts them in runtime packages of their own, and a later snippet must
 * still reach the classes, fields and methods JShell declared for the earlier ones. Private stays private.
 */
public final class SnippetInstrumenter {

    private static final String GUARD = CellGuard.class.getName().replace('.', '/');

    private SnippetInstrumenter() {
    }

    /** The rewritten class file. */
    public static byte[] instrument(byte[] classFile) {
        return rewrite(classFile, false);
    }

    /** The rewritten class file of a cell class, with its package-private and protected access made public. */
    static byte[] instrumentCell(byte[] classFile) {
        return rewrite(classFile, true);
    }

    /** Access flags with package-private or protected access made public (private stays). */
    static int opened(int access) {
        if ((access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_PUBLIC)) != 0) {
            return access;
        }
        return (access & ~Opcodes.ACC_PROTECTED) | Opcodes.ACC_PUBLIC;
    }

    private static byte[] rewrite(byte[] classFile, boolean open) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(version, open ? opened(access) : access, name, signature, superName, interfaces);
            }

            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                super.visitInnerClass(name, outerName, innerName, open ? opened(access) : access);
            }

            @Override
            public org.objectweb.asm.FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                                             Object value) {
                return super.visitField(open ? opened(access) : access, name, descriptor, signature, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                int flags = open && !name.equals("<clinit>") ? opened(access) : access;
                MethodVisitor next = super.visitMethod(flags, name, descriptor, signature, exceptions);
                return next == null ? null : new GuardingMethodVisitor(next);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static final class GuardingMethodVisitor extends MethodVisitor {

        private final Set<Label> seen = new HashSet<>();

        GuardingMethodVisitor(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            poll();
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (seen.contains(label)) {
                poll();
            }
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals("java/lang/System") && name.equals("exit")
                    && descriptor.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/net/ServerSocket") && name.equals("accept")
                    && descriptor.equals("()Ljava/net/Socket;")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "accept", "(Ljava/net/ServerSocket;)Ljava/net/Socket;", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/ProcessBuilder") && name.equals("start")
                    && descriptor.equals("()Ljava/lang/Process;")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "start", "(Ljava/lang/ProcessBuilder;)Ljava/lang/Process;",
                        false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime") && name.equals("exec")
                    && descriptor.endsWith(")Ljava/lang/Process;")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exec", "(Ljava/lang/Runtime;" + descriptor.substring(1),
                        false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals("java/lang/Runtime")
                    && (name.equals("exit") || name.equals("halt")) && descriptor.equals("(I)V")) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, name, "(Ljava/lang/Runtime;I)V", false);
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        private void poll() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "poll", "()V", false);
        }
    }
}
