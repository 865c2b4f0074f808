package dev.gatun.engine.cli;

import dev.gatun.tensor.GatunException;

/**
 * A command line that cannot be understood: an unknown command or option, a missing or malformed value.
 *
 * <p>{@link Main} prints its message as one line, then the command's usage line, and exits with
 * status 2, so scripts can tell a mistyped invocation from a run that failed.
 */
public class UsageException extends GatunException {
    public UsageException(String message) {
        super(message);
    }

    /**
     * A value that does not parse: "option --size expects an integer >= 1, got 'big'".
     *
     * @param what the option or argument, e.g. {@code "option --size"} or {@code "argument PATH"}
     */
    static UsageException badValue(String what, ValueType<?> type, String text) {
        return new UsageException(what + " expects " + type.description() + ", got '" + text + "'");
    }

    /** An option at the end of the line or followed by another option: "option --size needs a value (an integer)". */
    static UsageException missingValue(String option, ValueType<?> type) {
        return new UsageException("option " + option + " needs a value (" + type.description() + ")");
    }
}
