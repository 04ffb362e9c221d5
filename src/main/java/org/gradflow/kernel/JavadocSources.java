package org.gradflow.kernel;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gradflow.kernel.wire.KernelLog;

/**
 * Tells JShell where Java sources are, so inspection shows Javadoc for gradflow's classes (and the
 * JDK's when its {@code src.zip} is installed). JShell only looks in the JDK's {@code src.zip}; its
 * list of source locations is a private field meant for its own tests, set here reflectively (the
 * kernel's JVM runs with {@code --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED}). Without that, or on a
 * JDK where the field is gone, inspection still shows signatures.
 */
final class JavadocSources {

    private JavadocSources() {
    }

    /** Adds {@code extra} source roots (directories or source jars) to the JDK's sources; returns whether JShell took them. */
    static boolean install(List<Path> extra) {
        List<Path> roots = new ArrayList<>(jdkSources());
        extra.stream().filter(Files::exists).forEach(roots::add);
        try {
            Field field = Class.forName("jdk.jshell.SourceCodeAnalysisImpl").getDeclaredField("availableSourcesOverride");
            field.setAccessible(true);
            field.set(null, List.copyOf(roots));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.log("inspection shows signatures only (JShell's source locations are not reachable: " + e + ")");
            return false;
        }
    }

    /** The JDK's own sources as JShell reads them: each module of a modular {@code src.zip}. */
    private static List<Path> jdkSources() {
        Path home = Path.of(System.getProperty("java.home"));
        Path zip = home.resolve("lib").resolve("src.zip");
        if (!Files.isReadable(zip)) {
            return List.of();
        }
        try {
            FileSystem fs = FileSystems.newFileSystem(zip, Map.of());
            Path root = fs.getRootDirectories().iterator().next();
            if (Files.exists(root.resolve("java/lang/Object.java"))) {
                return List.of(zip);
            }
            List<Path> modules = new ArrayList<>();
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(root)) {
                dir.forEach(p -> {
                    if (Files.isDirectory(p)) {
                        modules.add(p);
                    }
                });
            }
            return modules;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
