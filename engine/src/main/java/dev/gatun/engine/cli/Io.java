package dev.gatun.engine.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * The streams and environment a command works with: results go to {@link #out()}, progress and
 * diagnostics to {@link #err()}, so that {@code gatun x --json | jq} sees only results. Tests pass
 * in-memory streams and a fixed environment.
 *
 * @param out standard output, for results
 * @param err standard error, for progress bars, warnings and error messages
 * @param env environment variables, e.g. {@code GATUN_PROGRESS}
 */
public record Io(PrintStream out, PrintStream err, Map<String, String> env) {

    public Io {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
    }

    /** The process's standard streams and environment. */
    public static Io system() {
        return new Io(System.out, System.err, System.getenv());
    }

    /**
     * Prints a value built from maps, lists, strings, numbers, booleans and nulls as one line of JSON on
     * {@link #out()}. Every {@code --json} output goes through here, so all commands write JSON alike.
     */
    public void printJson(Object value) {
        out.println(dev.gatun.tensor.io.Json.write(value));
        out.flush();
    }

    /** A progress bar on {@link #err()}, drawn in place on a terminal and as periodic lines otherwise. */
    public ProgressBar progress(String label, long total) {
        return ProgressBar.builder(label, total).forTerminal(this).build();
    }
}
