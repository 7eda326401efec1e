package io.matview.query;

/**
 * How rows are written: a JSON array of objects, or CSV with a header line (RFC 4180). PostgreSQL
 * writes every value ({@code row_to_json}, {@code to_json}): numerics exact, timestamps ISO-8601 with
 * their offset, json as json; CSV cells are the same text.
 */
public enum RowFormat { JSON, CSV }
