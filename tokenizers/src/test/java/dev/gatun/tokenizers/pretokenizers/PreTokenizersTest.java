package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.OnigRegex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each pre-tokenizer on its own: the words it produces and their offsets in the input. */
class PreTokenizersTest {

    @Test
    void byteLevelSplitsWithGpt2RulesAndSpellsBytes() {
        assertEquals(List.of("Hello@0-5", "Ġworld@5-11", "'s@11-13", "ĠðŁĺĢ@13-16"),
                words(new ByteLevel(false, true, true), "Hello world's 😀"));
        assertEquals(List.of("Ġhi@0-2"), words(new ByteLevel(true, true, true), "hi"));
        assertEquals(List.of("ĠaĠb@0-4"), words(new ByteLevel(false, true, false), " a b"));
    }

    @Test
    void bertSplitsOnSpaceAndIsolatesPunctuation() {
        assertEquals(List.of("Hello@0-5", ",@5-6", "world@7-12", "!@12-13", "$@14-15", "5@15-16"),
                words(new BertPreTokenizer(), "Hello, world! $5"));
    }

    @Test
    void whitespaceVariants() {
        assertEquals(List.of("Hey@0-3", "friend@4-10", "!@10-11", "éé@12-14"),
                words(new Whitespace(), "Hey friend!\u00A0éé"));
        assertEquals(List.of("Hey@0-3", "friend!@5-12"), words(new WhitespaceSplit(), "Hey  friend!"));
        assertEquals(List.of("a@0-1", "b c@2-5"), words(new CharDelimiterSplit('|'), "a|b c"));
    }

    @Test
    void metaspacePrependSchemes() {
        Metaspace always = new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true);
        assertEquals(List.of("▁Hey@0-3", "▁friend@3-10"), words(always, "Hey friend"));
        Metaspace never = new Metaspace('▁', Metaspace.PrependScheme.NEVER, false);
        assertEquals(List.of("Hey▁friend@0-10"), words(never, "Hey friend"));
        Metaspace first = new Metaspace('▁', Metaspace.PrependScheme.FIRST, true);
        assertEquals(List.of("▁a@0-1", "▁b@1-3"), words(first, "a b"));
    }

    @Test
    void splitDigitsPunctuationSequence() {
        Split split = new Split(new TextPattern.Regex(OnigRegex.compile("\\d+")), SplitDelimiterBehavior.ISOLATED,
                false);
        assertEquals(List.of("ab@0-2", "12@2-4", "c@4-5"), words(split, "ab12c"));
        Split inverted = new Split(new TextPattern.Regex(OnigRegex.compile("\\d+")), SplitDelimiterBehavior.REMOVED,
                true);
        assertEquals(List.of("12@2-4"), words(inverted, "ab12c"));
        assertEquals(List.of("a@0-1", "1@1-2", "2@2-3", "b@3-4"), words(new Digits(true), "a12b"));
        assertEquals(List.of("a@0-1", "12@1-3", "b@3-4"), words(new Digits(false), "a12b"));
        assertEquals(List.of("a@0-1", "-@1-2", "-b@2-4"),
                words(new Punctuation(SplitDelimiterBehavior.MERGED_WITH_NEXT), "a--b"));
        Sequence seq = new Sequence(List.of(new WhitespaceSplit(), new Digits(true)));
        assertEquals(List.of("x@0-1", "1@2-3", "2@3-4"), words(seq, "x 12"));
    }

    @Test
    void factoryReadsEveryTypeAndRejectsUnknownOnes() {
        assertInstanceOf(ByteLevel.class, read("{\"type\":\"ByteLevel\",\"add_prefix_space\":false}"));
        Metaspace legacy = (Metaspace) read("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"add_prefix_space\":false}");
        assertEquals(Metaspace.PrependScheme.NEVER, legacy.prependScheme());
        assertInstanceOf(Split.class, read("{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},"
                + "\"behavior\":\"MergedWithPrevious\",\"invert\":false}"));
        GatunException e = assertThrows(GatunException.class, () -> read("{\"type\":\"UnicodeScripts\"}"));
        assertTrue(e.getMessage().contains("UnicodeScripts") && e.getMessage().contains("pre_tokenizer"),
                e.getMessage());
        assertThrows(GatunException.class, () -> read("{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},"
                + "\"behavior\":\"Sideways\",\"invert\":false}"));
        assertThrows(GatunException.class, () -> read("{\"type\":\"Metaspace\",\"replacement\":\"ab\"}"));
    }

    private static PreTokenizer read(String json) {
        return PreTokenizers.fromJson(ComponentConfig.of(Json.parse(json), "pre_tokenizer", "test.json"));
    }

    private static List<String> words(PreTokenizer p, String text) {
        PreTokenizedString s = PreTokenizedString.from(text);
        p.preTokenize(s);
        List<String> out = new ArrayList<>();
        for (PreTokenizedString.Split split : s.splits()) {
            int[] o = split.normalized().offsetsOriginal();
            out.add(split.normalized().get() + "@" + o[0] + "-" + o[1]);
        }
        return out;
    }
}
