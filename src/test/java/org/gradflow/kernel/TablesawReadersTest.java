package org.gradflow.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ScanResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import tech.tablesaw.api.Table;

class TablesawReadersTest {

    @Test
    void theListedReadersAndWritersAreWhatTablesawsOwnScanFinds() {
        List<String> scanned = new ArrayList<>();
        // The same scan as Table.autoRegisterReadersAndWriters in tablesaw-core.
        try (ScanResult scan = new ClassGraph().enableAllInfo().acceptPackages("tech.tablesaw.io").scan()) {
            scanned.addAll(scan.getClassesImplementing("tech.tablesaw.io.DataWriter").getNames());
            scanned.addAll(scan.getClassesImplementing("tech.tablesaw.io.DataReader").getNames());
        }
        assertEquals(scanned.stream().sorted().toList(), TablesawReaders.READERS_AND_WRITERS.stream().sorted().toList());
    }

    @Test
    void theRewrittenTableRegistersByNameAndNeverCallsClassGraph() throws Exception {
        byte[] original = RewrittenClass.bytesOf(Table.class);
        List<String> before = callsIn(original, TablesawReaders.METHOD);
        assertTrue(before.stream().anyMatch(call -> call.startsWith("io/github/classgraph/")), before.toString());
        List<String> after = callsIn(TablesawReaders.rewrite(original), TablesawReaders.METHOD);
        assertEquals(List.of("org/gradflow/kernel/TablesawReaders.register"), after);
        assertFalse(callsIn(TablesawReaders.rewrite(original), "read").isEmpty(), "other methods were lost");
    }

    @Test
    void aClassWithoutTheMethodIsLeftAsItWas() throws Exception {
        byte[] other = RewrittenClass.bytesOf(TablesawReadersTest.class);
        assertArrayEquals(other, TablesawReaders.rewrite(other));
    }

    @Test
    void registeringLoadsEveryReaderAndWriter() {
        TablesawReaders.register(Table.class);
        Table table = Table.read().usingOptions(tech.tablesaw.io.csv.CsvReadOptions.builderFromString("a,b\n1,2\n3,4"));
        assertEquals(2, table.rowCount());
    }

    /** The methods (owner/name) that a method of a class file calls. */
    private static List<String> callsIn(byte[] classFile, String method) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean itf) {
                        calls.add(owner + "." + called);
                    }
                };
            }
        }, 0);
        return calls;
    }
}
