package dev.gatun.engine.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options and positional arguments a command accepts, declared once and used both to parse a
 * command line into {@link Args} and to write the command's help.
 *
 * <p>A command declares its options as fields, which then serve as typed keys:
 * {@snippet :
 * private final Options options = new Options();
 * private final Option<Integer> size = options.option("size", ValueType.intAtLeast(1), "matrix size", 512);
 * private final Option<Boolean> json = options.flag("json", "print JSON instead of text");
 * private final Positional<Path> file = options.positional("PATH", ValueType.PATH, "a safetensors file");
 *
 * int run(Args args, Io io) {
 *     int n = args.get(size);   // 512 unless --size was given
 *     ...
 * }
 * }
 *
 * <p>Syntax: {@code --name value} and {@code --name=value}; flags take no value; {@code --} ends the
 * options, so later words are positionals even if they start with dashes; {@code -h} and {@code --help}
 * ask for help. A value may start with a single dash ({@code --shift -1}); one that starts with two is
 * written {@code --name=--value}. Every mistake is reported as a
 * {@link UsageException} whose message names the option and says what was expected and what was found.
 * The names {@code help}, {@code verbose} and {@code threads} belong to {@link Main}.
 */
public final class Options {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> RESERVED = Set.of("help", "verbose", "threads");

    private final Map<String, Option<?>> options = new LinkedHashMap<>();
    private final List<Positional<?>> positionals = new ArrayList<>();

    /** Declares {@code --name}, a flag that is false unless given. */
    public Option<Boolean> flag(String name, String help) {
        return add(new Option<>(name, null, help, Boolean.FALSE, false, false));
    }

    /** Declares an optional {@code --name VALUE} with no default; read it with {@link Args#find(Option)}. */
    public <T> Option<T> option(String name, ValueType<T> type, String help) {
        return add(new Option<>(name, type, help, null, false, false));
    }

    /** Declares an optional {@code --name VALUE} that is {@code defaultValue} when not given. */
    public <T> Option<T> option(String name, ValueType<T> type, String help, T defaultValue) {
        if (defaultValue == null) {
            throw new IllegalArgumentException("default of --" + name + " is null; use option(name, type, help)");
        }
        return add(new Option<>(name, type, help, defaultValue, false, false));
    }

    /** Declares {@code --name VALUE} that must be given. */
    public <T> Option<T> required(String name, ValueType<T> type, String help) {
        return add(new Option<>(name, type, help, null, false, true));
    }

    /** Declares {@code --name VALUE} that may be given any number of times; read with {@link Args#getAll(Option)}. */
    public <T> Option<T> repeated(String name, ValueType<T> type, String help) {
        return add(new Option<>(name, type, help, null, true, false));
    }

    /** Declares the next positional argument, which must be given. */
    public <T> Positional<T> positional(String name, ValueType<T> type, String help) {
        return add(new Positional<>(name, type, help, true, false));
    }

    /** Declares the next positional argument, which may be left out. */
    public <T> Positional<T> optionalPositional(String name, ValueType<T> type, String help) {
        return add(new Positional<>(name, type, help, false, false));
    }

    /** Declares a last positional that takes every remaining argument, possibly none. */
    public <T> Positional<T> remaining(String name, ValueType<T> type, String help) {
        return add(new Positional<>(name, type, help, false, true));
    }

    /** The declared options, in declaration order. */
    public List<Option<?>> options() {
        return List.copyOf(options.values());
    }

    /** The declared positionals, in order. */
    public List<Positional<?>> positionals() {
        return Collections.unmodifiableList(positionals);
    }

    private <T> Option<T> add(Option<T> option) {
        String name = option.name();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "option name must be lower-case words joined by '-', got '" + name + "'");
        }
        if (RESERVED.contains(name) || options.containsKey(name)) {
            throw new IllegalArgumentException("option --" + name + " is already taken");
        }
        options.put(name, option);
        return option;
    }

    private <T> Positional<T> add(Positional<T> positional) {
        if (!positionals.isEmpty()) {
            Positional<?> last = positionals.getLast();
            if (last.variadic()) {
                throw new IllegalArgumentException(
                        positional.name() + " follows " + last.name() + ", which takes all remaining arguments");
            }
            if (!last.required() && positional.required()) {
                throw new IllegalArgumentException(
                        "required " + positional.name() + " follows optional " + last.name());
            }
        }
        positionals.add(positional);
        return positional;
    }

    /**
     * Parses the words after the command name.
     *
     * @throws UsageException for an unknown option, a missing or malformed value, a non-repeated option
     *                        given twice, a missing required option or argument, or an extra argument
     */
    public Args parse(List<String> words) {
        int end = words.indexOf("--");
        List<String> optionWords = end < 0 ? words : words.subList(0, end);
        if (optionWords.contains("--help") || optionWords.contains("-h")) {
            // Help wins over every mistake on the line: someone asking for help is not done writing it.
            return new Args(this, Map.of(), Map.of(), true);
        }
        Map<Option<?>, List<Object>> given = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded) {
                texts.add(word);
            } else if (word.equals("--")) {
                optionsEnded = true;
            } else if (word.startsWith("--")) {
                i = parseOption(words, i, given);
            } else if (word.startsWith("-") && word.length() > 1 && !isNegativeNumber(word)) {
                throw unknownOption(word);
            } else {
                texts.add(word);
            }
        }
        for (Option<?> o : options.values()) {
            if (o.required() && !given.containsKey(o)) {
                throw new UsageException("missing required option " + o.synopsis());
            }
        }
        return new Args(this, given, assignPositionals(texts), false);
    }

    /** Parses the option at {@code words[i]} into {@code given}; returns the index of the last word used. */
    private int parseOption(List<String> words, int i, Map<Option<?>, List<Object>> given) {
        String word = words.get(i);
        int eq = word.indexOf('=');
        String name = eq < 0 ? word.substring(2) : word.substring(2, eq);
        Option<?> option = options.get(name);
        if (option == null) {
            throw unknownOption(eq < 0 ? word : word.substring(0, eq));
        }
        if (option.isFlag()) {
            if (eq >= 0) {
                throw new UsageException("option --" + name + " is a flag and takes no value, got '" + word + "'");
            }
            given.computeIfAbsent(option, k -> new ArrayList<>()).add(Boolean.TRUE);
            return i;
        }
        String text;
        int last = i;
        if (eq >= 0) {
            text = word.substring(eq + 1);
        } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
            text = words.get(i + 1);
            last = i + 1;
        } else {
            throw UsageException.missingValue("--" + name, option.type());
        }
        Object value = option.type().parseOrNull(text);
        if (value == null) {
            throw UsageException.badValue("option --" + name, option.type(), text);
        }
        List<Object> values = given.computeIfAbsent(option, k -> new ArrayList<>());
        if (!option.repeated() && !values.isEmpty()) {
            throw new UsageException("option --" + name + " given more than once");
        }
        values.add(value);
        return last;
    }

    private Map<Positional<?>, List<Object>> assignPositionals(List<String> texts) {
        Map<Positional<?>, List<Object>> assigned = new LinkedHashMap<>();
        int next = 0;
        for (Positional<?> p : positionals) {
            int end = p.variadic() ? texts.size() : Math.min(next + 1, texts.size());
            if (next == end) {
                if (p.required()) {
                    throw new UsageException("missing argument " + p.name() + " (" + p.help() + ")");
                }
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (; next < end; next++) {
                Object value = p.type().parseOrNull(texts.get(next));
                if (value == null) {
                    throw UsageException.badValue("argument " + p.name(), p.type(), texts.get(next));
                }
                values.add(value);
            }
            assigned.put(p, values);
        }
        if (next < texts.size()) {
            throw new UsageException("unexpected argument '" + texts.get(next) + "'");
        }
        return assigned;
    }

    private UsageException unknownOption(String word) {
        List<String> names = options.keySet().stream().map(n -> "--" + n).toList();
        String hint = Suggestions.closest(word, names).map(s -> " (did you mean " + s + "?)").orElse("");
        return new UsageException("unknown option " + word + hint);
    }

    private static boolean isNegativeNumber(String word) {
        char c = word.charAt(1);
        return Character.isDigit(c) || c == '.';
    }

    /** The options and arguments as they appear after the command name in a usage line. */
    public String synopsis() {
        StringBuilder sb = new StringBuilder();
        for (Option<?> o : options.values()) {
            String s = o.synopsis() + (o.repeated() ? "..." : "");
            sb.append(' ').append(o.required() ? s : "[" + s + "]");
        }
        for (Positional<?> p : positionals) {
            sb.append(' ').append(p.synopsis());
        }
        return sb.toString().strip();
    }

    /** The "Arguments:" and "Options:" sections of a command's help, one line per entry; empty if none. */
    public String describe() {
        List<String[]> arguments = new ArrayList<>();
        for (Positional<?> p : positionals) {
            arguments.add(new String[] {p.synopsis(), p.help()});
        }
        List<String[]> opts = new ArrayList<>();
        for (Option<?> o : options.values()) {
            opts.add(new String[] {o.synopsis(), o.help() + notes(o)});
        }
        return HelpText.section("Arguments:", arguments) + HelpText.section("Options:", opts);
    }

    private static String notes(Option<?> o) {
        if (o.required()) {
            return " (required)";
        }
        if (o.repeated()) {
            return " (repeatable)";
        }
        if (!o.isFlag() && o.defaultValue() != null) {
            return " (default: " + o.defaultValue() + ")";
        }
        return "";
    }
}
