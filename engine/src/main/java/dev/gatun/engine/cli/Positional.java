package dev.gatun.engine.cli;

import java.util.Objects;

/**
 * A declared positional argument of a command, such as the {@code PATH} in {@code gatun info PATH}.
 *
 * <p>Positionals are matched in the order they are declared; only the last one may be variadic, taking
 * every argument left over. Like {@link Option}, an instance is a typed key into {@link Args}.
 *
 * @param name     the upper-case name shown in usage text, e.g. {@code "PATH"}
 * @param type     how the argument is parsed
 * @param help     one line for the command's help
 * @param required whether at least one argument must be given for it
 * @param variadic whether it takes all remaining arguments
 * @param <T>      the value's Java type
 */
public record Positional<T>(String name, ValueType<T> type, String help, boolean required, boolean variadic) {

    public Positional {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
    }

    /** How the argument appears in a usage line: {@code PATH}, {@code [PATH]}, {@code PATH...}. */
    public String synopsis() {
        String s = variadic ? name + "..." : name;
        return required ? s : "[" + s + "]";
    }
}
