package org.gradflow.kernel;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent (started with {@code -javaagent}, see {@code kernel/run}) that weaves the same interrupt
 * checks as cell code gets into gradflow's own long-running code ({@code train}, {@code optim},
 * {@code check}, {@code nn}, {@code graph}, {@code data}), so an interrupt also stops a training loop on JDKs
 * without {@code Thread.stop}; it also guards the JVM's exit paths ({@link ExitGate}), and spares Tablesaw its
 * class-path scan ({@link TablesawReaders}) and JShell a walk over every loaded class after each compilation
 * ({@link ReplPurge}). The kernel itself and the dense matrix kernels of {@code tensor}
 * (tight inner loops, each call short) are left as they are.
 */
public final class LibraryGuardAgent {

    private LibraryGuardAgent() {
    }

    /** Registers the transformer before the kernel's main method runs. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(transformer(ReplPurge.open(instrumentation)));
        ExitGate.install(instrumentation);
    }

    /**
     * Rewrites guarded classes, Tablesaw's {@code Table} and (when {@code purgeRepl}) JShell's
     * {@code TaskFactory}; leaves every other class alone (null).
     */
    static ClassFileTransformer transformer(boolean purgeRepl) {
        return new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                                    ProtectionDomain domain, byte[] classFile) {
                if (TablesawReaders.TABLE.equals(className)) {
                    return TablesawReaders.rewrite(classFile);
                }
                if (purgeRepl && ReplPurge.TASK_FACTORY.equals(className)) {
                    return ReplPurge.rewrite(classFile);
                }
                return guarded(className) ? SnippetInstrumenter.instrument(classFile) : null;
            }
        };
    }

    /** Whether a class (internal name) gets interrupt checks. */
    static boolean guarded(String className) {
        return className != null && className.startsWith("org/gradflow/")
                && !className.startsWith("org/gradflow/kernel/") && !className.startsWith("org/gradflow/tensor/")
                && !className.startsWith("org/gradflow/viz/");
    }
}
