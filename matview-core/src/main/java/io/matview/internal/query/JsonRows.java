package io.matview.internal.query;

import io.matview.catalog.ViewColumn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes each row as the JSON object {@code row_to_json} would, byte for byte, from one text cell per
 * column. Building the JSON in PostgreSQL cost it about as much again as reading the rows, so it
 * formats only the values whose JSON form is not their text (timestamps, arrays, composites, …); the
 * rest arrive as text and are written here: numbers and booleans as they are, strings escaped the way
 * PostgreSQL's {@code escape_json} escapes them.
 */
final class JsonRows {

    /** How a column's text becomes its JSON value. */
    enum Cell {
        /** The text is the JSON: integers, json, jsonb. */
        RAW,
        /** {@code bool::text} is {@code true}/{@code false}, the JSON; its output text ({@code t}/{@code f}) is not. */
        BOOLEAN,
        /** A number, except NaN and the infinities, which JSON has not: {@code row_to_json} quotes those. */
        NUMBER,
        /** A JSON string of the text. */
        STRING,
        /** PostgreSQL writes the JSON ({@code to_json}). */
        FORMATTED;

        static Cell of(ViewColumn c) {
            return switch (c.typname()) {
                case "int2", "int4", "int8", "json", "jsonb" -> RAW;
                case "bool" -> BOOLEAN;
                case "numeric", "float4", "float8" -> NUMBER;
                // the JSON of these is their output text; date's is its text because the driver holds DateStyle at ISO
                case "text", "varchar", "name", "date", "time", "timetz", "interval", "uuid" -> STRING;
                default -> "E".equals(c.typcategory()) ? STRING : FORMATTED;
            };
        }

        /**
         * The select-list expression that sends the column as this cell expects it: always text, never binary.
         * On a connection that receives every value as text the column's own output text is that already.
         */
        String select(String column, boolean textOnly) {
            return this == FORMATTED ? "to_json(" + column + ")::text" : textOnly && this != BOOLEAN ? column : column + "::text";
        }
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Cell[] cells;
    /** {@code {"name":} for the first column, {@code ,"name":} for the others: written once per row, built once. */
    private final byte[][] keys;
    private boolean first = true;

    JsonRows(List<ViewColumn> columns) {
        cells = new Cell[columns.size()];
        keys = new byte[columns.size()][];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Cell.of(columns.get(i));
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            key.write(i == 0 ? '{' : ',');
            try {
                string(columns.get(i).name().getBytes(StandardCharsets.UTF_8), key);
            } catch (IOException e) {
                throw new UncheckedIOException("a byte array does not fail", e);
            }
            key.write(':');
            keys[i] = key.toByteArray();
        }
    }

    void start(OutputStream out) throws IOException {
        out.write('[');
    }

    void row(ResultSet rs, OutputStream out) throws SQLException, IOException {
        if (!first) {
            out.write(',');
        }
        first = false;
        for (int i = 0; i < cells.length; i++) {
            out.write(keys[i]);
            // the driver's bytes are the UTF-8 text PostgreSQL sent: no decoding and encoding again
            byte[] text = rs.getBytes(i + 1);
            if (text == null) {
                out.write(NULL);
            } else {
                switch (cells[i]) {
                    case RAW, BOOLEAN, FORMATTED -> out.write(text);
                    case NUMBER -> {
                        if (finite(text)) {
                            out.write(text);
                        } else {
                            string(text, out);
                        }
                    }
                    case STRING -> string(text, out);
                }
            }
        }
        if (cells.length == 0) {
            out.write('{');
        }
        out.write('}');
    }

    void end(OutputStream out) throws IOException {
        out.write(']');
    }

    /** NaN, Infinity and -Infinity are the only outputs of numeric, float4 and float8 that are not JSON numbers. */
    private static boolean finite(byte[] text) {
        byte last = text[text.length - 1];
        return last != 'N' && last != 'y';
    }

    /**
     * A JSON string as PostgreSQL's {@code escape_json} writes it: quote, backslash and the control
     * characters escaped ({@code \b \f \n \r \t}, the others as {@code \}{@code u00xx}), everything
     * else, U+2028 and non-ASCII included, as it is. UTF-8 bytes of non-ASCII characters are all
     * 0x80 or above, so escaping byte by byte is escaping character by character.
     */
    static void string(byte[] text, OutputStream out) throws IOException {
        out.write('"');
        int from = 0;
        for (int i = 0; i < text.length; i++) {
            int b = text[i];
            if (b >= 0 && (b < 0x20 || b == '"' || b == '\\')) {
                out.write(text, from, i - from);
                from = i + 1;
                out.write('\\');
                switch (b) {
                    case '"', '\\' -> out.write(b);
                    case '\b' -> out.write('b');
                    case '\f' -> out.write('f');
                    case '\n' -> out.write('n');
                    case '\r' -> out.write('r');
                    case '\t' -> out.write('t');
                    default -> {
                        out.write('u');
                        out.write('0');
                        out.write('0');
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xf]);
                    }
                }
            }
        }
        out.write(text, from, text.length - from);
        out.write('"');
    }
}
