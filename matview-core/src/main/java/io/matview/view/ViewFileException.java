package io.matview.view;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.nio.file.Path;

/** A view file that Matview cannot use, with the file and line at fault. */
public class ViewFileException extends MatviewException {
    private final Path file;
    private final int line;

    /** An error in one file ({@link ErrorCode#VIEW_FILE}). */
    public ViewFileException(Path file, int line, String what, String hint) {
        this(ErrorCode.VIEW_FILE, file, line, what, hint, null);
    }

    public ViewFileException(Path file, int line, String what, String hint, Throwable cause) {
        this(ErrorCode.VIEW_FILE, file, line, what, hint, cause);
    }

    /** {@code code} is {@link ErrorCode#VIEW_FILE}, or {@link ErrorCode#VIEW_SET} for files that contradict each other. */
    public ViewFileException(ErrorCode code, Path file, int line, String what, String hint, Throwable cause) {
        super(code, what, line > 0 ? file + ":" + line : String.valueOf(file), hint, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
