package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ReplPurgeTest {

    /** This JDK's {@code jdk.jshell.TaskFactory} class file. */
    private static byte[] taskFactory() throws IOException {
        Module jshell = ModuleLayer.boot().findModule("jdk.jshell").orElseThrow();
        try (InputStream in = jshell.getResourceAsStream(ReplPurge.TASK_FACTORY + ".class")) {
            return in.readAllBytes();
        }
    }

    /** How many calls of {@code owner.name} a class file makes. */
    private static int calls(byte[] classFile, String owner, String name) {
        int[] count = {0};
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String calledOwner, String called, String calledDescriptor,
                                                boolean isInterface) {
                        if (calledOwner.equals(owner) && called.equals(name)) {
                            count[0]++;
                        }
                    }
                };
            }
        }, 0);
        return count[0];
    }

    @Test
    void everyWalkOverAllOfJavacsClassesInJShellsTaskFactoryGoesThroughTheReplPackagesOwn() throws IOException {
        byte[] original = taskFactory();
        int walks = calls(original, "com/sun/tools/javac/code/Symtab", "getAllClasses");
        // JDK 17's TaskFactory.runTask purges the REPL package on two paths.
        assertTrue(walks > 0, "this JDK's JShell purges its REPL package some other way");
        byte[] rewritten = ReplPurge.rewrite(original);
        assertEquals(0, calls(rewritten, "com/sun/tools/javac/code/Symtab", "getAllClasses"));
        assertEquals(walks, calls(rewritten, "org/gradflow/kernel/ReplPurge", "candidates"));
    }

    @Test
    void aClassWithoutThatWalkIsLeftAsItIs() throws IOException {
        byte[] other;
        try (InputStream in = ReplPurgeTest.class.getResourceAsStream("ReplPurgeTest.class")) {
            other = in.readAllBytes();
        }
        assertSame(other, ReplPurge.rewrite(other));
    }
}
