package org.gradflow.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gradflow.kernel.CellResult;

/**
 * {@code %classpath path...} and its alias {@code %jars path...}: adds local jars or class directories to
 * the class path of later cells. Paths are separated by spaces or the path separator; the file name may
 * be a glob ({@code lib/*.jar}). Nothing is downloaded, so lessons work offline.
 */
public final class ClasspathMagic implements LineMagic {

    private final String name;

    /** The magic under {@code name} ({@code classpath} or {@code jars}). */
    public ClasspathMagic(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CellResult run(String args, MagicContext context) throws MagicException {
        List<String> words = List.of(args.strip().split("[\\s" + File.pathSeparator + "]+"));
        if (args.isBlank()) {
            throw new MagicException("%" + name + " needs jars or directories, e.g. %" + name + " lib/*.jar");
        }
        List<Path> found = new ArrayList<>();
        for (String word : words) {
            found.addAll(resolve(context.workingDirectory(), word));
        }
        StringBuilder path = new StringBuilder();
        for (Path p : found) {
            path.append(path.length() == 0 ? "" : File.pathSeparator).append(p);
        }
        context.addToClasspath(path.toString());
        System.out.println("Added to the class path: " + String.join(", ", found.stream().map(Path::toString).toList()));
        return CellResult.empty();
    }

    private List<Path> resolve(Path base, String word) throws MagicException {
        Path path = base.resolve(word).normalize();
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!file.contains("*") && !file.contains("?") && !file.contains("[")) {
            if (!Files.exists(path)) {
                throw new MagicException("%" + name + ": no such file or directory: " + path);
            }
            return List.of(path);
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), file)) {
            dir.forEach(matches::add);
        } catch (IOException e) {
            throw new MagicException("%" + name + ": cannot list " + path.getParent() + ": " + e.getMessage());
        }
        if (matches.isEmpty()) {
            throw new MagicException("%" + name + ": nothing matches " + file + " in " + path.getParent());
        }
        matches.sort(null);
        return matches;
    }
}
