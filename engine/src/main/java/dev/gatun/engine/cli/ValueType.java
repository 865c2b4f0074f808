package dev.gatun.engine.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * How the text of an option value or positional argument becomes a typed value.
 *
 * <p>The description completes the sentence "option --size expects ..." in error messages, so it names
 * what is accepted ("an integer >= 1", "one of f32, bf16"); the metavar stands for the value in usage
 * lines ({@code --size N}). The parser rejects bad text by throwing {@link IllegalArgumentException}
 * (which {@link NumberFormatException} and {@link java.nio.file.InvalidPathException} are).
 *
 * @param description what the type accepts, as a noun phrase
 * @param metavar     the placeholder shown in usage text
 * @param parser      turns text into a value or throws {@code IllegalArgumentException}
 * @param <T>         the value's Java type
 */
public record ValueType<T>(String description, String metavar, Function<String, T> parser) {

    /** Any text. */
    public static final ValueType<String> STRING = new ValueType<>("text", "TEXT", s -> s);

    /** A 32-bit integer in decimal. */
    public static final ValueType<Integer> INT = new ValueType<>("an integer", "N", Integer::parseInt);

    /** A 64-bit integer in decimal, e.g. a seed. */
    public static final ValueType<Long> LONG = new ValueType<>("an integer", "N", Long::parseLong);

    /** A finite decimal number such as {@code 0.5} or {@code 3e-4}. */
    public static final ValueType<Double> DOUBLE = new ValueType<>("a number", "X", ValueType::parseFinite);

    /** A file system path; whether it exists is for the command to check, with a message naming the file. */
    public static final ValueType<Path> PATH = new ValueType<>("a path", "PATH", Path::of);

    public ValueType {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(metavar, "metavar");
        Objects.requireNonNull(parser, "parser");
    }

    /** An integer no smaller than {@code min}, e.g. {@code intAtLeast(1)} for sizes and counts. */
    public static ValueType<Integer> intAtLeast(int min) {
        return new ValueType<>("an integer >= " + min, "N", s -> {
            int v = Integer.parseInt(s);
            if (v < min) {
                throw new IllegalArgumentException("below " + min);
            }
            return v;
        });
    }

    /** A number strictly greater than zero, e.g. a learning rate. */
    public static ValueType<Double> positiveDouble() {
        return new ValueType<>("a number > 0", "X", s -> {
            double v = parseFinite(s);
            if (v <= 0) {
                throw new IllegalArgumentException("not positive");
            }
            return v;
        });
    }

    /** One of a fixed set of words, matched exactly, e.g. {@code oneOf("f32", "bf16")}. */
    public static ValueType<String> oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        if (allowed.isEmpty()) {
            throw new IllegalArgumentException("oneOf needs at least one choice");
        }
        return new ValueType<>("one of " + String.join(", ", allowed), String.join("|", allowed), s -> {
            if (!allowed.contains(s)) {
                throw new IllegalArgumentException("not a choice");
            }
            return s;
        });
    }

    /**
     * Parses {@code text}, or returns null when the parser rejects it; the caller then reports the option
     * name with {@link #description()}.
     */
    T parseOrNull(String text) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException rejected) {
            return null;
        }
    }

    private static double parseFinite(String s) {
        // parseDouble also accepts "NaN", "Infinity" and Java suffixes like "1d"; none is a sensible value.
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.endsWith("d") || t.endsWith("f")) {
            throw new NumberFormatException(s);
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw new NumberFormatException(s);
        }
        return v;
    }
}
