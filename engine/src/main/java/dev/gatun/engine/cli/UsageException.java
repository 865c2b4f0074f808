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
}
