package io.matview.migrate;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One table migration: plain SQL that changes tables (never the managed views), run by
 * {@code Matview.migrate} together with the views.
 *
 * @param name how history and output name it: the file name, e.g. {@code V7__orders_total_bigint.sql}
 * @param sql its statements, separated by {@code ;}
 */
public record Migration(String name, String sql) {

    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
    }

    /**
     * The migration in {@code file} (UTF-8), named by its file name.
     *
     * @throws MatviewException ({@link ErrorCode#MIGRATION_FILE}) when it is missing, not a regular file,
     *     unreadable or not UTF-8
     */
    public static Migration read(Path file) {
        String where = file.toString();
        if (!Files.exists(file)) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, "the migration file " + where + " does not exist", where,
                    "give the path of a .sql file with the table migration; nothing was changed");
        }
        if (!Files.isRegularFile(file)) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, where + " is not a file", where,
                    "give the path of a .sql file with the table migration; nothing was changed");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, "cannot read the migration file " + where + ": " + e.getMessage(),
                    where, "check its permissions; nothing was changed", e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new Migration(file.getFileName().toString(), text);
        } catch (CharacterCodingException e) {
            throw new MatviewException(ErrorCode.MIGRATION_FILE, "the migration file " + where + " is not UTF-8", where,
                    "save it as UTF-8; nothing was changed", e);
        }
    }
}
