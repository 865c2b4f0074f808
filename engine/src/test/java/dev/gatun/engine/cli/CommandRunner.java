package dev.gatun.engine.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Runs a command line through {@link Main} with in-memory streams. */
record CommandRunner(int exitCode, String out, String err) {
    static CommandRunner run(String... args) {
        return run(Main.commands(), Map.of("GATUN_PROGRESS", "lines"), args);
    }

    /** Runs {@code commands} (built with whatever standard input they read) under {@code env}. */
    static CommandRunner run(List<Command> commands, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        int code = new Main(commands, io).run(args);
        return new CommandRunner(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code stdin} as an input stream, for commands that read standard input. */
    static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
