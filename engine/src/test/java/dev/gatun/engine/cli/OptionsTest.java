package dev.gatun.engine.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {
    private final Options options = new Options();
    private final Option<Boolean> json = options.flag("json", "print JSON");
    private final Option<Integer> size = options.option("size", ValueType.intAtLeast(1), "matrix size", 512);
    private final Option<Double> lr = options.option("lr", ValueType.DOUBLE, "learning rate");
    private final Option<String> dtype = options.option("dtype", ValueType.oneOf("f32", "bf16"), "element type", "f32");
    private final Option<Path> include = options.repeated("include", ValueType.PATH, "extra file");
    private final Positional<Path> model = options.positional("MODEL", ValueType.PATH, "the model directory");
    private final Positional<String> prompts = options.remaining("PROMPT", ValueType.STRING, "prompts to run");

    private Args parse(String... words) {
        return options.parse(List.of(words));
    }

    private void assertUsage(String message, String... words) {
        UsageException e = assertThrows(UsageException.class, () -> parse(words));
        assertEquals(message, e.getMessage());
    }

    @Test
    void valuesTakeBothForms() {
        assertEquals(64, parse("--size", "64", "m").get(size));
        assertEquals(64, parse("--size=64", "m").get(size));
        assertEquals(0.5, parse("m", "--lr=0.5").get(lr));
    }

    @Test
    void absentOptionsGiveDefaults() {
        Args args = parse("m");
        assertFalse(args.get(json));
        assertEquals(512, args.get(size));
        assertEquals("f32", args.get(dtype));
        assertEquals(Optional.empty(), args.find(lr));
        assertFalse(args.has(size));
        assertEquals(List.of(), args.getAll(include));
        assertEquals(List.of(), args.getAll(prompts));
    }

    @Test
    void flagsAndRepeatedOptions() {
        Args args = parse("--json", "--include", "a", "m", "--include=b", "--json");
        assertTrue(args.get(json));
        assertEquals(List.of(Path.of("a"), Path.of("b")), args.getAll(include));
    }

    @Test
    void positionalsInOrderAndTheRestToTheVariadic() {
        Args args = parse("dir", "hello", "world");
        assertEquals(Path.of("dir"), args.get(model));
        assertEquals(List.of("hello", "world"), args.getAll(prompts));
    }

    @Test
    void doubleDashEndsOptions() {
        Args args = parse("--size", "8", "--", "dir", "--json", "-h");
        assertEquals(8, args.get(size));
        assertFalse(args.get(json));
        assertFalse(args.helpRequested());
        assertEquals(List.of("--json", "-h"), args.getAll(prompts));
    }

    @Test
    void negativeNumbersAreValuesAndPositionals() {
        Args args = parse("--lr", "-0.5", "m", "-3", "-");
        assertEquals(-0.5, args.get(lr));
        assertEquals(List.of("-3", "-"), args.getAll(prompts));
    }

    @Test
    void helpSkipsValidation() {
        assertTrue(parse("--help").helpRequested());
        assertTrue(parse("-h", "--size", "0").helpRequested());
    }

    @Test
    void unknownOptionSuggestsTheClosest() {
        assertUsage("unknown option --sise (did you mean --size?)", "--sise", "3", "m");
        assertUsage("unknown option --dt (did you mean --dtype?)", "--dt=f32", "m");
        assertUsage("unknown option --frobnicate", "--frobnicate", "m");
        assertUsage("unknown option -s", "-s", "3", "m");
    }

    @Test
    void missingValue() {
        assertUsage("option --size needs a value (an integer >= 1)", "m", "--size");
        assertUsage("option --lr needs a value (a number)", "--lr", "--json", "m");
    }

    @Test
    void badValuesNameOptionExpectedAndActual() {
        assertUsage("option --size expects an integer >= 1, got 'big'", "--size", "big", "m");
        assertUsage("option --size expects an integer >= 1, got '0'", "--size=0", "m");
        assertUsage("option --size expects an integer >= 1, got '1.5'", "--size", "1.5", "m");
        assertUsage("option --size expects an integer >= 1, got ''", "--size=", "m");
        assertUsage("option --lr expects a number, got 'fast'", "--lr", "fast", "m");
        assertUsage("option --lr expects a number, got 'NaN'", "--lr", "NaN", "m");
        assertUsage("option --dtype expects one of f32, bf16, got 'f16'", "--dtype", "f16", "m");
    }

    @Test
    void flagWithValue() {
        assertUsage("option --json is a flag and takes no value, got '--json=yes'", "--json=yes", "m");
    }

    @Test
    void optionGivenTwice() {
        assertUsage("option --size given more than once", "--size", "1", "--size", "2", "m");
    }

    @Test
    void missingAndUnexpectedArguments() {
        assertUsage("missing argument MODEL (the model directory)");
        assertUsage("missing argument MODEL (the model directory)", "--json");
        Options one = new Options();
        one.positional("PATH", ValueType.PATH, "a file");
        UsageException e = assertThrows(UsageException.class, () -> one.parse(List.of("a", "b")));
        assertEquals("unexpected argument 'b'", e.getMessage());
    }

    @Test
    void badPositional() {
        Options counts = new Options();
        counts.positional("COUNT", ValueType.INT, "how many");
        UsageException e = assertThrows(UsageException.class, () -> counts.parse(List.of("many")));
        assertEquals("argument COUNT expects an integer, got 'many'", e.getMessage());
    }

    @Test
    void missingRequiredOption() {
        Options o = new Options();
        o.required("model", ValueType.PATH, "model directory");
        UsageException e = assertThrows(UsageException.class, () -> o.parse(List.of()));
        assertEquals("missing required option --model PATH", e.getMessage());
    }

    @Test
    void declarationMistakesFailEarly() {
        Options o = new Options();
        o.flag("json", "x");
        assertThrows(IllegalArgumentException.class, () -> o.flag("json", "again"));
        assertThrows(IllegalArgumentException.class, () -> o.flag("threads", "taken by Main"));
        assertThrows(IllegalArgumentException.class, () -> o.flag("Bad_Name", "x"));
        o.optionalPositional("A", ValueType.STRING, "x");
        assertThrows(IllegalArgumentException.class, () -> o.positional("B", ValueType.STRING, "required after optional"));
        o.remaining("C", ValueType.STRING, "x");
        assertThrows(IllegalArgumentException.class, () -> o.optionalPositional("D", ValueType.STRING, "after variadic"));
    }

    @Test
    void readingUndeclaredOrMissingValuesIsAProgrammingError() {
        Args args = parse("m");
        Option<Boolean> foreign = new Options().flag("json", "another command's flag");
        assertThrows(IllegalArgumentException.class, () -> args.get(foreign));
        assertThrows(IllegalStateException.class, () -> args.get(lr));
    }

    @Test
    void synopsisAndDescription() {
        assertEquals("[--json] [--size N] [--lr X] [--dtype f32|bf16] [--include PATH...] MODEL [PROMPT...]",
                options.synopsis());
        assertEquals("""
                Arguments:
                  MODEL        the model directory
                  [PROMPT...]  prompts to run

                Options:
                  --json            print JSON
                  --size N          matrix size (default: 512)
                  --lr X            learning rate
                  --dtype f32|bf16  element type (default: f32)
                  --include PATH    extra file (repeatable)

                """, options.describe());
    }
}
