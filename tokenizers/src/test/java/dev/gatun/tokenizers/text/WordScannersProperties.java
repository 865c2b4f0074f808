package dev.gatun.tokenizers.text;

import dev.gatun.tokenizers.unicode.OnigRegex;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written split scanners cut text exactly where their regular expressions do. */
class WordScannersProperties {

    @Provide
    Arbitrary<String> texts() {
        return TextSamples.texts();
    }

    @Property(tries = 3000)
    void gpt2MatchesItsRegex(@ForAll("texts") String text) {
        assertSameCuts(WordScanners.GPT2, text);
    }

    @Property(tries = 3000)
    void llama3MatchesItsRegex(@ForAll("texts") String text) {
        assertSameCuts(WordScanners.LLAMA3, text);
    }

    @Property(tries = 3000)
    void qwenMatchesItsRegex(@ForAll("texts") String text) {
        assertSameCuts(WordScanners.QWEN, text);
    }

    @Test
    void examples() {
        assertSameCuts(WordScanners.GPT2, "Hello world's   end\n\n  ok 123 4567 !!! 'll");
        assertSameCuts(WordScanners.LLAMA3, "Don'T  stop\r\n\r\n  12345 ,hello\n\t\n x");
        assertSameCuts(WordScanners.LLAMA3, "I'\u017Fwear 'LL");
        assertEquals(List.of("Hello", " world", "'s", "  ", " end"), cuts(scanned(WordScanners.GPT2),
                "Hello world's   end"));
        assertEquals(List.of("123", "456", "7"), cuts(scanned(WordScanners.LLAMA3), "1234567"));
    }

    private static void assertSameCuts(String pattern, String text) {
        TextPattern regex = new TextPattern.Regex(OnigRegex.compile(pattern));
        assertEquals(cuts(regex, text), cuts(scanned(pattern), text), () -> "cuts of \"" + text + "\"");
    }

    private static TextPattern scanned(String pattern) {
        return new TextPattern.Scanned(WordScanners.forPattern(pattern));
    }

    private static List<String> cuts(TextPattern p, String text) {
        Matches m = p.findMatches(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add((m.isMatch(i) ? "" : "!") + text.substring(m.start(i), m.end(i)));
        }
        return out;
    }
}
