package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** javac's {@code Symtab.removeClass}: the class leaves the name's inner map, which stays, empty. */
    private static void removeClass(Map<String, Map<String, String>> table, String module, String name) {
        table.getOrDefault(name, Collections.emptyMap()).remove(module);
    }

    /** javac's {@code Symtab.doEnterClass}. */
    private static void enterClass(Map<String, Map<String, String>> table, String module, String name) {
        table.computeIfAbsent(name, n -> new HashMap<>()).put(module, "class " + name);
    }

    @Test
    void namesWhoseClassesJavacRemovedDoNotPileUpFromPurgeToPurge() {
        Map<String, Map<String, String>> javacs = new HashMap<>();
        enterClass(javacs, "java.base", "java.lang.String");
        enterClass(javacs, "unnamed", "REPL.$JShell$1");
        ReplPurge.ReplNames<String, Map<String, String>> table =
                new ReplPurge.ReplNames<>(javacs, name -> ((String) name).startsWith("REPL."));
        for (int snippet = 2; snippet <= 1000; snippet++) {
            // JShell's loop: the purge lists the REPL classes and removes each one, then the next task
            // enters the classes it reads, the new snippet's among them.
            List<Object> listed = table.replClasses();
            assertEquals(List.of("class REPL.$JShell$" + (snippet - 1)), listed, "purge before snippet " + snippet);
            removeClass(table, "unnamed", "REPL.$JShell$" + (snippet - 1));
            enterClass(table, "unnamed", "REPL.$JShell$" + snippet);
        }
        removeClass(table, "unnamed", "REPL.$JShell$1000");
        // Before the last purge: the JDK's class and the two names emptied since the purge before it.
        assertEquals(3, table.size(), table.size() + " names in the table before the last purge");
        assertEquals(List.of(), table.replClasses());
        // Left: the JDK's class; the emptied names went with the last purge.
        assertEquals(1, table.size(), "names in the table: " + table.keySet());
        assertEquals(0, table.replNames());
        assertEquals(Map.of("java.base", "class java.lang.String"), table.get("java.lang.String"));
        // What javac reads of a name the purge dropped is what it read of the empty map, and a class entered
        // again under a dropped name is listed by the next purge.
        assertNull(table.getOrDefault("REPL.$JShell$500", Collections.emptyMap()).get("unnamed"));
        enterClass(table, "unnamed", "REPL.$JShell$500");
        assertEquals(List.of("class REPL.$JShell$500"), table.replClasses());
    }
}
