package dev.gatun.engine.cli;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.kernels.Parallel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    /** A command whose behaviour is chosen by its --mode option, to drive every path through Main. */
    static final class FakeCommand implements Command {
        private final Options options = new Options();
        private final Option<String> mode = options.option("mode",
                ValueType.oneOf("ok", "fail", "crash", "missing", "oom", "exit3"), "what to do", "ok");
        private final Option<Integer> count = options.option("count", ValueType.intAtLeast(1), "how many", 1);

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public String summary() {
            return "Do what --mode says";
        }

        @Override
        public String description() {
            return "Exists for tests.";
        }

        @Override
        public Options options() {
            return options;
        }

        @Override
        public int run(Args args, Io io) throws Exception {
            return switch (args.get(mode)) {
                case "fail" -> throw new GatunException("weights.safetensors: tensor 'wte' has shape [3], expected [4]");
                case "crash" -> throw new IllegalStateException("boom");
                case "missing" -> throw new NoSuchFileException("/no/such/model");
                case "oom" -> throw new OutOfMemoryError("Java heap space");
                case "exit3" -> 3;
                default -> {
                    io.out().println("ok " + args.get(count) + " threads=" + Parallel.threads());
                    yield 0;
                }
            };
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(List.of(new FakeCommand(), new VersionCommand()),
            new Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of()));

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsListsCommandsAndExitCodes() {
        assertEquals(0, main.run());
        assertTrue(out().contains("Commands:\n  fake     Do what --mode says\n  version  Print"), out());
        assertTrue(out().contains("Exit codes:"), out());
        assertTrue(out().contains("--threads N"), out());
        assertEquals("", err());
    }

    @Test
    void helpFlagsAndHelpCommandListCommands() {
        for (String[] line : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            out.reset();
            assertEquals(0, main.run(line));
            assertTrue(out().startsWith("Gatun "), out());
            assertTrue(out().contains("  fake "), out());
        }
    }

    @Test
    void commandHelpShowsUsageDescriptionAndOptions() {
        assertEquals(0, main.run("fake", "--help"));
        String help = out();
        assertTrue(help.startsWith("Usage: gatun fake [--mode ok|fail|crash|missing|oom|exit3] [--count N]\n\n"), help);
        assertTrue(help.contains("Do what --mode says.\n\nExists for tests.\n\nOptions:\n"), help);
        assertTrue(help.contains("--count N"), help);
        assertTrue(help.contains("Global options:"), help);
        out.reset();
        assertEquals(0, main.run("help", "fake"));
        assertEquals(help, out());
    }

    @Test
    void runsTheCommandAndReturnsItsExitCode() {
        assertEquals(0, main.run("fake", "--count", "2"));
        assertTrue(out().startsWith("ok 2 "), out());
        assertEquals(3, main.run("fake", "--mode=exit3"));
    }

    @Test
    void unknownCommandIsOneLineWithASuggestionAndExit2() {
        assertEquals(2, main.run("verison"));
        assertEquals("gatun: unknown command 'verison' (did you mean 'version'?)\n", err());
        err.reset();
        assertEquals(2, main.run("zzzzzz"));
        assertEquals("gatun: unknown command 'zzzzzz'; run 'gatun --help' for the list of commands\n", err());
        assertEquals("", out());
    }

    @Test
    void unknownGlobalOptionIsAUsageError() {
        assertEquals(2, main.run("--frobnicate", "fake"));
        assertTrue(err().startsWith("gatun: unknown option --frobnicate"), err());
    }

    @Test
    void badOptionPrintsMessageAndUsageLineWithExit2() {
        assertEquals(2, main.run("fake", "--count", "zero"));
        assertEquals("gatun: option --count expects an integer >= 1, got 'zero'\n"
                + "usage: gatun fake [--mode ok|fail|crash|missing|oom|exit3] [--count N]\n", err());
    }

    @Test
    void badInputIsOneLineWithoutStackTraceAndExit1() {
        assertEquals(1, main.run("fake", "--mode", "fail"));
        assertEquals("gatun: weights.safetensors: tensor 'wte' has shape [3], expected [4]\n", err());
    }

    @Test
    void missingFileIsNamed() {
        assertEquals(1, main.run("fake", "--mode", "missing"));
        assertEquals("gatun: no such file: /no/such/model\n", err());
    }

    @Test
    void outOfMemorySaysHowToGiveMore() {
        assertEquals(1, main.run("fake", "--mode", "oom"));
        assertEquals("gatun: out of memory (OutOfMemoryError: Java heap space); if the Java heap is full,"
                + " give it more with GATUN_JAVA_OPTS=-Xmx16g\n", err());
    }

    @Test
    void verbosePrintsTheStackTrace() {
        assertEquals(1, main.run("--verbose", "fake", "--mode", "fail"));
        assertTrue(err().startsWith("gatun: weights.safetensors"), err());
        assertTrue(err().contains("dev.gatun.tensor.GatunException"), err());
        assertTrue(err().contains("\tat dev.gatun.engine.cli.MainTest$FakeCommand.run"), err());
    }

    @Test
    void unexpectedExceptionIsOneLineAndAHint() {
        assertEquals(1, main.run("fake", "--mode", "crash"));
        assertEquals("gatun: internal error: IllegalStateException: boom\n(run with --verbose for the stack trace)\n",
                err());
        err.reset();
        assertEquals(1, main.run("fake", "--mode", "crash", "--verbose"));
        assertTrue(err().contains("\tat "), err());
        assertFalse(err().contains("run with --verbose"), err());
    }

    @Test
    void threadsOptionSetsTheKernelPoolAnywhereOnTheLine() {
        int before = Parallel.threads();
        try {
            assertEquals(0, main.run("--threads", "3", "fake"));
            assertTrue(out().contains("threads=3"), out());
            out.reset();
            assertEquals(0, main.run("fake", "--threads=2"));
            assertTrue(out().contains("threads=2"), out());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badThreadsIsAUsageError() {
        int before = Parallel.threads();
        assertEquals(2, main.run("fake", "--threads", "0"));
        assertEquals("gatun: option --threads expects an integer >= 1, got '0'\n", err().lines().findFirst().orElse("") + "\n");
        err.reset();
        assertEquals(2, main.run("fake", "--threads"));
        assertTrue(err().startsWith("gatun: option --threads needs a value"), err());
        assertEquals(before, Parallel.threads());
    }

    @Test
    void versionPrintsTextAndJson() {
        assertEquals(0, main.run("version"));
        assertTrue(out().startsWith("Gatun "), out());
        assertTrue(out().contains("Java  " + Runtime.version()), out());
        out.reset();
        assertEquals(0, main.run("--version"));
        assertTrue(out().startsWith("Gatun "), out());
        out.reset();
        assertEquals(0, main.run("version", "--json"));
        String json = out().strip();
        assertTrue(json.startsWith("{\"gatun\":\"") && json.endsWith("}"), json);
        assertTrue(json.contains("\"processors\":" + Runtime.getRuntime().availableProcessors()), json);
        assertTrue(json.contains("\"vectorBits\":"), json);
    }

    @Test
    void theRegisteredListHasUniqueNamesAndSummaries() {
        List<Command> commands = Main.commands();
        assertFalse(commands.isEmpty());
        for (Command c : commands) {
            assertTrue(c.name().matches("[a-z][a-z0-9-]*"), c.name());
            assertFalse(c.summary().isBlank(), c.name());
            assertFalse(c.summary().endsWith("."), c.name());
        }
        new Main(commands, new Io(System.out, System.err, Map.of())); // throws on duplicate names
    }
}
