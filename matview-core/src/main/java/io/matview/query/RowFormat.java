package io.matview.query;

/**
 * How rows are written: a JSON array of objects, or CSV with a header line (RFC 4180). Each JSON object
 * is byte for byte what PostgreSQL's {@code row_to_json} writes: numerics exact, timestamps ISO-8601
 * with their offset, json as json; CSV cells are the same text ({@code to_json}, unquoted).
 */
public enum RowFormat { JSON, CSV }
