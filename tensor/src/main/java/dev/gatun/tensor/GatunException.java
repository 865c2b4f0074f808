package dev.gatun.tensor;

/**
 * The one exception type Gatun throws for bad input: a wrong shape, a malformed file, an unknown option.
 *
 * <p>Its message is written for the person who supplied the input: it names the tensor, file or argument
 * and says what was expected and what was found, so the CLI can print it as a single line.
 */
public class GatunException extends RuntimeException {
    public GatunException(String message) {
        super(message);
    }

    public GatunException(String message, Throwable cause) {
        super(message, cause);
    }
}
