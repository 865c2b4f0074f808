package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

/**
 * Malformed JSON text: the message gives the source (a file name or {@code "JSON text"}), the line and
 * column of the offending character, and what was expected there versus what was found.
 *
 * <p>Lines and columns count from 1; columns count UTF-16 code units, so a character outside the
 * Basic Multilingual Plane takes two columns.
 */
public final class JsonException extends GatunException {
    private final int line;
    private final int column;

    JsonException(String source, int line, int column, String problem) {
        super(source + ": line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** The 1-based line of the offending character. */
    public int line() {
        return line;
    }

    /** The 1-based column of the offending character. */
    public int column() {
        return column;
    }
}
