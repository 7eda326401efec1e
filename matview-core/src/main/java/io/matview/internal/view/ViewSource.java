package io.matview.internal.view;

import java.nio.file.Path;

/**
 * Where a view's definition came from, to map positions in its query back to file lines.
 *
 * @param file the path as the user knows it (relative to the working directory or the classpath)
 * @param text the whole file
 * @param queryOffset the offset in {@code text} at which the query starts
 */
public record ViewSource(Path file, String text, int queryOffset) {

    /** The 1-based line of the file that holds the given 0-based offset into the query. */
    public int lineOfQueryOffset(int offsetInQuery) {
        int end = Math.min(text.length(), queryOffset + Math.max(0, offsetInQuery));
        int line = 1;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
