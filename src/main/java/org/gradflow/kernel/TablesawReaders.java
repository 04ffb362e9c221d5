package org.gradflow.kernel;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Tablesaw's {@code Table}, the first time it is used, finds its readers and writers by scanning every jar
 * on the class path with ClassGraph: about 0.2 CPU-seconds in a kernel, once per kernel that shows a table.
 * The kernel's agent ({@link LibraryGuardAgent}) rewrites that one method, {@value #METHOD}, so that it
 * loads by name the classes the scan finds in tablesaw-core ({@link #READERS_AND_WRITERS}; a test checks the
 * list against the scan). Loading a reader or writer registers it, as after the scan.
 */
public final class TablesawReaders {

    /** The internal name of the class rewritten. */
    static final String TABLE = "tech/tablesaw/api/Table";
    /** The method whose body is replaced. */
    static final String METHOD = "autoRegisterReadersAndWriters";
    /** What ClassGraph finds implementing DataReader or DataWriter in tech.tablesaw.io, on the kernel's class path. */
    static final List<String> READERS_AND_WRITERS = List.of(
            "tech.tablesaw.io.csv.CsvWriter", "tech.tablesaw.io.fixed.FixedWidthWriter",
            "tech.tablesaw.io.csv.CsvReader", "tech.tablesaw.io.fixed.FixedWidthReader");

    private TablesawReaders() {
    }

    /** Loads, and so registers, Tablesaw's readers and writers; the rewritten {@code Table} calls this. */
    public static void register(Class<?> table) {
        for (String name : READERS_AND_WRITERS) {
            try {
                Class.forName(name, true, table.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Tablesaw's " + name + " is not on the class path", e);
            }
        }
    }

    /**
     * {@code Table}'s class file with {@value #METHOD}'s body replaced by a call of {@link #register}; the
     * class file as it was when it has no such method (another Tablesaw version).
     */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] found = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals(METHOD) || !descriptor.equals("()V") || (access & Opcodes.ACC_STATIC) == 0) {
                    return target;
                }
                found[0] = true;
                target.visitCode();
                target.visitLdcInsn(Type.getObjectType(TABLE));
                target.visitMethodInsn(Opcodes.INVOKESTATIC, Type.getInternalName(TablesawReaders.class), "register",
                        "(Ljava/lang/Class;)V", false);
                target.visitInsn(Opcodes.RETURN);
                target.visitMaxs(0, 0);
                target.visitEnd();
                return null;   // the original body is dropped
            }
        }, 0);
        return found[0] ? writer.toByteArray() : classFile;
    }
}
