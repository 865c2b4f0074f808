package dev.gatun.engine.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OptionsProperties {

    @Property(tries = 200)
    void bothSpellingsOfAValueParseAlike(@ForAll @IntRange(min = -1_000_000, max = 1_000_000) int n) {
        Options options = new Options();
        Option<Integer> shift = options.option("shift", ValueType.INT, "offset");
        assertEquals(n, options.parse(List.of("--shift", Integer.toString(n))).get(shift));
        assertEquals(n, options.parse(List.of("--shift=" + n)).get(shift));
    }

    @Property(tries = 200)
    void wordsAfterDoubleDashArePositionalsVerbatim(@ForAll List<String> words) {
        Options options = new Options();
        options.flag("json", "print JSON");
        Positional<String> rest = options.remaining("WORD", ValueType.STRING, "words");
        List<String> line = new java.util.ArrayList<>(List.of("--"));
        line.addAll(words);
        assertEquals(words, options.parse(line).getAll(rest));
    }
}
