package dev.gatun.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestionsTest {
    private final List<String> names = List.of("version", "demo", "bench", "info");

    @Test
    void typosPrefixesAndNothingClose() {
        assertEquals(Optional.of("version"), Suggestions.closest("verison", names));
        assertEquals(Optional.of("bench"), Suggestions.closest("bnech", names));
        assertEquals(Optional.of("demo"), Suggestions.closest("dmeo", names));
        assertEquals(Optional.of("version"), Suggestions.closest("ver", names));
        assertEquals(Optional.of("info"), Suggestions.closest("inf", names));
        assertEquals(Optional.empty(), Suggestions.closest("train", names));
    }

    @Test
    void distanceCountsAdjacentSwapsOnce() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(1, Suggestions.distance("abc", "acb"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(2, Suggestions.distance("kitten", "sitten") + 1);
    }
}
