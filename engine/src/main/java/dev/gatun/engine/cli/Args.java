package dev.gatun.engine.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line, read through the {@link Option} and {@link Positional} keys a command declared
 * in its {@link Options}. Values already have their declared types; parsing has checked every rule, so
 * the getters only fail for programming mistakes (asking for a key the command never declared).
 */
public final class Args {
    private final Options declared;
    private final Map<Option<?>, List<Object>> options;
    private final Map<Positional<?>, List<Object>> positionals;
    private final boolean helpRequested;
    private boolean verbose;

    Args(Options declared, Map<Option<?>, List<Object>> options, Map<Positional<?>, List<Object>> positionals,
         boolean helpRequested) {
        this.declared = declared;
        this.options = immutable(options);
        this.positionals = immutable(positionals);
        this.helpRequested = helpRequested;
    }

    private static <K> Map<K, List<Object>> immutable(Map<K, List<Object>> values) {
        Map<K, List<Object>> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Map.copyOf(copy);
    }

    /** Whether the global {@code --verbose} was given: commands may print more detail, not only stack traces. */
    public boolean verbose() {
        return verbose;
    }

    Args verbose(boolean on) {
        verbose = on;
        return this;
    }

    /** Whether {@code --help} or {@code -h} was given; the other values are then not parsed. */
    public boolean helpRequested() {
        return helpRequested;
    }

    /** Whether the option was given on the command line (a default does not count). */
    public boolean has(Option<?> option) {
        return !values(option).isEmpty();
    }

    /** Whether at least one argument was given for the positional. */
    public boolean has(Positional<?> positional) {
        return !values(positional).isEmpty();
    }

    /**
     * The option's value: the one given, else its default; for a flag, whether it was given.
     *
     * @throws IllegalStateException if the option was not given and has no default (use {@link #find})
     */
    public <T> T get(Option<T> option) {
        return find(option).orElseThrow(() -> new IllegalStateException(
                "--" + option.name() + " was not given and has no default; read it with find()"));
    }

    /** The option's value if given, else its default if it has one. */
    @SuppressWarnings("unchecked") // values were produced by option.type(), whose parser returns T
    public <T> Optional<T> find(Option<T> option) {
        List<Object> values = values(option);
        return values.isEmpty() ? Optional.ofNullable(option.defaultValue()) : Optional.of((T) values.getLast());
    }

    /** Every value given for a repeated option, in command-line order; empty if none. */
    @SuppressWarnings("unchecked")
    public <T> List<T> getAll(Option<T> option) {
        return (List<T>) values(option);
    }

    /**
     * The positional's value.
     *
     * @throws IllegalStateException if an optional positional was left out (use {@link #find(Positional)})
     */
    public <T> T get(Positional<T> positional) {
        return find(positional).orElseThrow(() -> new IllegalStateException(
                positional.name() + " was not given; read it with find()"));
    }

    /** The positional's value, if given. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Positional<T> positional) {
        List<Object> values = values(positional);
        return values.isEmpty() ? Optional.empty() : Optional.of((T) values.getFirst());
    }

    /** Every argument taken by a variadic positional, in order; empty if none. */
    @SuppressWarnings("unchecked")
    public <T> List<T> getAll(Positional<T> positional) {
        return (List<T>) values(positional);
    }

    private List<Object> values(Option<?> option) {
        if (!declared.options().contains(option)) {
            throw new IllegalArgumentException("--" + option.name() + " is not an option of this command");
        }
        return options.getOrDefault(option, List.of());
    }

    private List<Object> values(Positional<?> positional) {
        if (!declared.positionals().contains(positional)) {
            throw new IllegalArgumentException(positional.name() + " is not an argument of this command");
        }
        return positionals.getOrDefault(positional, List.of());
    }
}
