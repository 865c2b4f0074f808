package dev.gatun.engine.cli;

import java.util.Objects;

/**
 * A declared {@code --name} option of a command: a flag ({@code --json}) or an option that takes a value
 * ({@code --size 512} or {@code --size=512}).
 *
 * <p>Instances are created by {@link Options} and serve as typed keys into {@link Args}:
 * {@code args.get(size)} is an {@code Integer} when {@code size} is an {@code Option<Integer>}.
 *
 * @param name         the name without dashes, e.g. {@code "size"}
 * @param type         how the value is parsed; null for a flag
 * @param help         one line for the command's help
 * @param defaultValue the value when the option is absent; null for none ({@code false} for flags)
 * @param repeated     whether the option may be given several times, collecting every value
 * @param required     whether the command cannot run without it
 * @param <T>          the value's Java type ({@code Boolean} for flags)
 */
public record Option<T>(String name, ValueType<T> type, String help, T defaultValue, boolean repeated,
                        boolean required) {

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
    }

    /** Whether this is a flag, present or absent, rather than an option with a value. */
    public boolean isFlag() {
        return type == null;
    }

    /** How the option is written on the command line: {@code --name} for a flag, {@code --name N} otherwise. */
    public String synopsis() {
        return isFlag() ? "--" + name : "--" + name + " " + type.metavar();
    }
}
