package dev.gatun.engine.cli;

/**
 * One {@code gatun <name>} command.
 *
 * <p>A command declares its options in an {@link Options} (usually as fields, which become the typed
 * keys it reads from {@link Args}), and {@link Main} does the rest: it parses the command line, answers
 * {@code --help} from {@link #summary()}, {@link #description()} and the options, and turns exceptions
 * into messages and exit codes. To add a command, implement this interface and add an instance to the
 * list in {@link Main#commands()}.
 *
 * {@snippet :
 * final class HelloCommand implements Command {
 *     private final Options options = new Options();
 *     private final Option<String> name = options.option("name", ValueType.STRING, "who to greet", "world");
 *
 *     public String name() { return "hello"; }
 *     public String summary() { return "Greet someone"; }
 *     public Options options() { return options; }
 *
 *     public int run(Args args, Io io) {
 *         io.out().println("hello, " + args.get(name));
 *         return 0;
 *     }
 * }
 * }
 *
 * <p>Failures are thrown, not printed: a {@link dev.gatun.tensor.GatunException} for bad input (exit 1),
 * a {@link UsageException} for a command line the options could not catch (exit 2). Anything else is
 * reported as an internal error.
 */
public interface Command {

    /** The word that selects the command, lower case, e.g. {@code "version"}. */
    String name();

    /** One line for the command list, starting with a capital letter and without a final period. */
    String summary();

    /** Longer help shown under the usage line, or empty; paragraphs separated by blank lines. */
    default String description() {
        return "";
    }

    /** The options and positional arguments the command accepts; the same instance on every call. */
    Options options();

    /**
     * Runs the command.
     *
     * @param args the parsed command line
     * @param io   where to write results (stdout), progress and diagnostics (stderr)
     * @return the exit code: 0 for success
     * @throws Exception any failure; {@link Main} reports it and chooses the exit code
     */
    int run(Args args, Io io) throws Exception;
}
