package io.matview.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes view files into a test's temporary views directory. */
public final class ViewFiles {
    private final Path directory;

    public ViewFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Writes (or overwrites) {@code fileName} with {@code text}. */
    public Path write(String fileName, String text) {
        try {
            Path file = directory.resolve(fileName);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String fileName) {
        try {
            Files.delete(directory.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
