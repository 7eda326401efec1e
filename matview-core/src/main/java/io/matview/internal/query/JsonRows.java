package io.matview.internal.query;

import io.matview.catalog.ViewColumn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.core.Field;
import org.postgresql.core.Oid;

/**
 * Writes each row as the JSON object {@code row_to_json} would, byte for byte, from one text cell per
 * column. Building the JSON in PostgreSQL cost it about as much again as reading the rows, so it
 * formats only the values whose JSON form is not their text (timestamps, arrays, composites, …); the
 * rest arrive as text and are written here: numbers and booleans as they are, strings escaped the way
 * PostgreSQL's {@code escape_json} escapes them.
 *
 * <p>Integers and dates may also arrive in binary ({@link #BINARY}), which PostgreSQL sends for less than
 * their text: they are written here as their output text would be.
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

    /**
     * The types whose binary form is read here: a connection that receives other types in binary is sent
     * casts to text instead ({@link RowReads}).
     */
    static final Set<Integer> BINARY = Set.of(Oid.INT2, Oid.INT4, Oid.INT8, Oid.DATE);
    /** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for a date's binary form. */
    private static final long POSTGRES_EPOCH_DAY = 10_957;

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Cell[] cells;
    /** {@code {"name":} for the first column, {@code ,"name":} for the others: written once per row, built once. */
    private final byte[][] keys;
    /** How each column is read if it arrives in binary: known from the first row's result set, the same for every row. */
    private Binary[] binary;
    /** Where a binary value's text is written, from the right: the longest, a date of year 5874897 BC, needs 16. */
    private final byte[] digits = new byte[20];

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
        if (binary == null) {
            binary = binary(rs);
        } else {
            out.write(',');
        }
        for (int i = 0; i < cells.length; i++) {
            out.write(keys[i]);
            // the driver's bytes are the UTF-8 text PostgreSQL sent (or the binary value): no decoding and encoding again
            byte[] text = rs.getBytes(i + 1);
            if (text == null) {
                out.write(NULL);
            } else if (binary[i] != Binary.NONE) {
                decoded(binary[i], text, out);
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

    private Binary[] binary(ResultSet rs) throws SQLException {
        Binary[] decoders = new Binary[cells.length];
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 0; i < decoders.length; i++) {
            boolean binary = meta.isWrapperFor(PGResultSetMetaData.class)
                    && meta.unwrap(PGResultSetMetaData.class).getFormat(i + 1) == Field.BINARY_FORMAT;
            decoders[i] = !binary ? Binary.NONE : switch (meta.getColumnTypeName(i + 1)) {
                case "int2", "int4", "int8" -> Binary.INTEGER;
                case "date" -> Binary.DATE;
                default -> throw new IllegalStateException("column " + (i + 1) + " (" + meta.getColumnTypeName(i + 1)
                        + ") arrived in binary: only integers and dates are read in binary");
            };
        }
        return decoders;
    }

    /** How a column that arrived in binary is read: not at all (it is text), as an integer, as a date. */
    private enum Binary { NONE, INTEGER, DATE }

    /** An integer (2, 4 or 8 bytes) or a date (4 bytes, days from 2000-01-01): big-endian, signed. */
    private void decoded(Binary decoder, byte[] value, OutputStream out) throws IOException {
        long v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xff);
        }
        int unused = 64 - 8 * value.length;
        v = v << unused >> unused;
        if (decoder == Binary.INTEGER) {
            integer(v, out);
        } else {
            date((int) v, out);
        }
    }

    private void integer(long v, OutputStream out) throws IOException {
        if (v == Long.MIN_VALUE) {
            out.write(Long.toString(v).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        int at = digits.length;
        long n = Math.abs(v);
        do {
            digits[--at] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        if (v < 0) {
            digits[--at] = '-';
        }
        out.write(digits, at, digits.length - at);
    }

    /**
     * As {@code date_out} writes it with DateStyle ISO (which the driver holds): the year with at least four
     * digits and {@code BC} after a year before 1, in the proleptic Gregorian calendar PostgreSQL uses for all dates.
     */
    private void date(int days, OutputStream out) throws IOException {
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            string((days > 0 ? "infinity" : "-infinity").getBytes(StandardCharsets.US_ASCII), out);
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + days);
        int year = date.getYear() > 0 ? date.getYear() : 1 - date.getYear();
        int at = digits.length;
        if (date.getYear() <= 0) {
            at = put(" BC", at);
        }
        at = twoDigits(date.getDayOfMonth(), at);
        digits[--at] = '-';
        at = twoDigits(date.getMonthValue(), at);
        digits[--at] = '-';
        int width = 0;
        do {
            digits[--at] = (byte) ('0' + year % 10);
            year /= 10;
            width++;
        } while (year != 0 || width < 4);
        out.write('"');
        out.write(digits, at, digits.length - at);
        out.write('"');
    }

    private int twoDigits(int n, int at) {
        digits[--at] = (byte) ('0' + n % 10);
        digits[--at] = (byte) ('0' + n / 10);
        return at;
    }

    private int put(String ascii, int at) {
        for (int i = ascii.length() - 1; i >= 0; i--) {
            digits[--at] = (byte) ascii.charAt(i);
        }
        return at;
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
