package dev.gatun.engine.cli;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.kernels.Parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code gatun} program: {@code gatun [global options] <command> [options]}.
 *
 * <p>Main finds the command, parses its options, runs it, and reports failures on standard error as one
 * line prefixed {@code gatun:} with an exit code: 1 for bad input ({@link GatunException}, missing files),
 * 2 for a command line it cannot understand ({@link UsageException}), 1 with a hint to rerun with
 * {@code --verbose} for anything unexpected. Stack traces are printed only with {@code --verbose}.
 */
public final class Main {
    /** Exit code of a successful run. */
    public static final int OK = 0;
    /** Exit code of a run that failed: bad input, a missing file, an internal error. */
    public static final int ERROR = 1;
    /** Exit code of a command line that could not be understood. */
    public static final int USAGE = 2;

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Io io;

    /** A program offering {@code commands} (in the order the overview lists them) on {@code io}. */
    public Main(List<Command> commands, Io io) {
        for (Command c : commands) {
            if (this.commands.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("two commands are named '" + c.name() + "'");
            }
        }
        this.io = io;
    }

    /** Every command of {@code gatun}, in the order {@code gatun --help} lists them. Add new commands here. */
    public static List<Command> commands() {
        return List.of(
                new VersionCommand(),
                new DemoCommand(),
                new InfoCommand(),
                new BenchCommand(),
                new TokenizeCommand(),
                new ConvertCommand(),
                new EmbedCommand(),
                new SimilarityCommand(),
                new ForwardCommand(),
                new ClassifyCommand(),
                new TrainCommand());
    }

    public static void main(String[] args) {
        int code = new Main(commands(), Io.system()).run(args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs {@code commandLine} (the words after {@code gatun}) and returns the exit code; never throws. */
    public int run(String... commandLine) {
        List<String> words = List.of(commandLine);
        int end = words.indexOf("--");
        boolean verbose = (end < 0 ? words : words.subList(0, end)).contains("--verbose");
        Command command = null;
        try {
            GlobalOptions global = GlobalOptions.extract(words);
            global.threads().ifPresent(Parallel::setThreads);
            List<String> rest = global.rest();
            if (rest.isEmpty() || rest.getFirst().equals("--help") || rest.getFirst().equals("-h")) {
                io.out().print(overview());
                return OK;
            }
            String name = rest.getFirst();
            if (name.equals("help")) {
                return help(rest.subList(1, rest.size()));
            }
            command = find(name.equals("--version") ? "version" : name);
            Args args = command.options().parse(rest.subList(1, rest.size())).verbose(global.verbose());
            if (args.helpRequested()) {
                io.out().print(commandHelp(command));
                return OK;
            }
            return command.run(args, io);
        } catch (Throwable t) {
            return report(t, command, verbose);
        } finally {
            io.out().flush();
            io.err().flush();
        }
    }

    /** {@code gatun help [command]}. */
    private int help(List<String> words) {
        if (words.isEmpty()) {
            io.out().print(overview());
        } else {
            io.out().print(commandHelp(find(words.getFirst())));
        }
        return OK;
    }

    private Command find(String name) {
        Command command = commands.get(name);
        if (command != null) {
            return command;
        }
        if (name.startsWith("-")) {
            throw new UsageException("unknown option " + name + " (global options are --threads, --verbose and --help;"
                    + " other options go after the command name)");
        }
        List<String> names = new ArrayList<>(commands.keySet());
        names.add("help");
        Optional<String> guess = Suggestions.closest(name, names);
        String hint = guess.map(g -> " (did you mean '" + g + "'?)")
                .orElse("; run 'gatun --help' for the list of commands");
        throw new UsageException("unknown command '" + name + "'" + hint);
    }

    private int report(Throwable t, Command command, boolean verbose) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        int code = ERROR;
        boolean expected = true;
        String message = switch (cause) {
            case UsageException u -> {
                code = USAGE;
                yield u.getMessage();
            }
            case GatunException g -> g.getMessage();
            case NoSuchFileException e -> "no such file: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileSystemException e -> e.getReason() == null ? describe(e) : e.getFile() + ": " + e.getReason();
            case IOException e -> "I/O error: " + describe(e);
            case OutOfMemoryError e -> "out of memory (" + describe(e) + "); if the Java heap is full,"
                    + " give it more with GATUN_JAVA_OPTS=-Xmx16g";
            default -> {
                expected = false;
                yield "internal error: " + describe(cause);
            }
        };
        io.err().println("gatun: " + message);
        if (verbose) {
            t.printStackTrace(io.err());
        } else if (!expected) {
            io.err().println("(run with --verbose for the stack trace)");
        } else if (code == USAGE && command != null) {
            io.err().println("usage: " + usageLine(command));
        }
        return code;
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    private static String usageLine(Command command) {
        String synopsis = command.options().synopsis();
        return "gatun " + command.name() + (synopsis.isEmpty() ? "" : " " + synopsis);
    }

    /** The text of {@code gatun --help}. */
    String overview() {
        List<String[]> rows = new ArrayList<>();
        for (Command c : commands.values()) {
            rows.add(new String[] {c.name(), c.summary()});
        }
        return "Gatun " + VersionCommand.gatunVersion() + ": a transformer engine written from scratch in Java\n\n"
                + "Usage: gatun [--threads N] [--verbose] <command> [options]\n"
                + "       gatun <command> --help\n\n"
                + HelpText.section("Commands:", rows)
                + HelpText.section("Launcher commands (./gatun only):",
                        List.<String[]>of(new String[] {"test", "Build Gatun and run the whole test suite"}))
                + HelpText.section("Global options:", GlobalOptions.help())
                + exitCodes();
    }

    /** The text of {@code gatun <command> --help}. */
    static String commandHelp(Command command) {
        StringBuilder sb = new StringBuilder("Usage: ").append(usageLine(command)).append("\n\n");
        sb.append(command.summary()).append(".\n\n");
        String description = command.description().strip();
        if (!description.isEmpty()) {
            sb.append(description).append("\n\n");
        }
        sb.append(command.options().describe());
        sb.append(HelpText.section("Global options:", GlobalOptions.help()));
        return sb.toString();
    }

    private static String exitCodes() {
        return HelpText.section("Exit codes:", List.of(
                new String[] {"0", "success"},
                new String[] {"1", "error: bad input, a missing file, a failed run"},
                new String[] {"2", "usage error: unknown command or option, bad option value"},
                new String[] {"130", "interrupted (Ctrl-C)"}));
    }
}
