package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns file-system failures into the single-line {@link GatunException}s that users see. */
final class IoErrors {
    private IoErrors() {
    }

    /** {@code "cannot <verb> <file>: <reason>"}, keeping the I/O exception as the cause. */
    static GatunException wrap(String verb, Path file, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException x -> "no such file (" + x.getFile() + ")";
            case AccessDeniedException x -> "permission denied";
            default -> e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
        };
        return new GatunException("cannot " + verb + " " + file + ": " + reason, e);
    }
}
