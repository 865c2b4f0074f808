package dev.gatun.tokenizers.text;

import dev.gatun.tokenizers.unicode.CharClasses;
import dev.gatun.tokenizers.unicode.OnigRegex;
import dev.gatun.tokenizers.unicode.UnicodeForms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Alignment bookkeeping of normalization: every rewrite keeps offsets into the original text right. */
class NormalizedStringTest {

    @Test
    void decompositionAlignsNewMarksWithTheirCharacter() {
        NormalizedString n = NormalizedString.from("élégant");
        n.normalize(UnicodeForms.Form.NFD);
        assertEquals("e\u0301le\u0301gant", n.get());
        assertArrayEquals(new int[] {0, 1}, n.normalizedToOriginal(1, 2)); // the accent belongs to é
        assertArrayEquals(new int[] {2, 3}, n.normalizedToOriginal(3, 5));
        n.filter(cp -> !CharClasses.isNonspacingMark(cp));
        assertEquals("elegant", n.get());
        assertArrayEquals(new int[] {2, 7}, n.normalizedToOriginal(2, 7));
        assertArrayEquals(new int[] {0, 3}, n.originalToNormalized(0, 3));
    }

    @Test
    void removalKeepsLaterOffsets() {
        NormalizedString n = NormalizedString.from("élégant");
        n.filter(cp -> cp != 'n');
        assertEquals("élégat", n.get());
        assertArrayEquals(new int[] {6, 7}, n.normalizedToOriginal(5, 6));
    }

    @Test
    void prependAlignsWithTheFirstCharacter() {
        NormalizedString n = NormalizedString.from("abc");
        n.prepend("\u2581");
        assertEquals("\u2581abc", n.get());
        assertArrayEquals(new int[] {0, 1}, n.normalizedToOriginal(0, 1));
        assertArrayEquals(new int[] {0, 3}, n.normalizedToOriginal(0, 4));
        NormalizedString empty = NormalizedString.from("");
        empty.prepend("x");
        assertEquals("", empty.get());
    }

    @Test
    void replacementAlignsWithTheEndOfTheMatch() {
        NormalizedString n = NormalizedString.from("a   b");
        n.replace(new TextPattern.Regex(OnigRegex.compile(" {2,}")), "\u2581");
        assertEquals("a\u2581b", n.get());
        assertArrayEquals(new int[] {3, 4}, n.normalizedToOriginal(1, 2));
        assertArrayEquals(new int[] {4, 5}, n.normalizedToOriginal(2, 3));
    }

    @Test
    void lowercaseMayGrow() {
        NormalizedString n = NormalizedString.from("İx");
        n.lowercase();
        assertEquals("i\u0307x", n.get());
        assertArrayEquals(new int[] {0, 1}, n.normalizedToOriginal(0, 2));
        assertArrayEquals(new int[] {1, 2}, n.normalizedToOriginal(2, 3));
    }

    @Test
    void stripAndSurrogates() {
        NormalizedString n = NormalizedString.from("  \uD83D\uDE00 x \u3000");
        n.strip(true, true);
        assertEquals("\uD83D\uDE00 x", n.get());
        assertArrayEquals(new int[] {2, 4}, n.normalizedToOriginal(0, 2));
        assertArrayEquals(new int[] {2, 6}, n.normalizedToOriginal(0, 4));
    }

    @Test
    void splitBehaviors() {
        TextPattern dash = new TextPattern.Chars(cp -> cp == '-');
        String s = "the-final--countdown";
        assertEquals(List.of("the", "final", "countdown"), split(s, dash, SplitDelimiterBehavior.REMOVED));
        assertEquals(List.of("the", "-", "final", "-", "-", "countdown"),
                split(s, dash, SplitDelimiterBehavior.ISOLATED));
        assertEquals(List.of("the-", "final-", "-", "countdown"),
                split(s, dash, SplitDelimiterBehavior.MERGED_WITH_PREVIOUS));
        assertEquals(List.of("the", "-final", "-", "-countdown"),
                split(s, dash, SplitDelimiterBehavior.MERGED_WITH_NEXT));
        assertEquals(List.of("the", "-", "final", "--", "countdown"),
                split(s, dash, SplitDelimiterBehavior.CONTIGUOUS));
        assertEquals(List.of("-", "-", "-"),
                split(s, new TextPattern.Inverted(dash), SplitDelimiterBehavior.REMOVED));
    }

    @Test
    void slicesMapToTheWholeInput() {
        NormalizedString n = NormalizedString.from("hello world");
        NormalizedString world = n.split(new TextPattern.Chars(cp -> cp == ' '), SplitDelimiterBehavior.REMOVED).get(1);
        assertEquals("world", world.get());
        assertEquals("world", world.original());
        assertArrayEquals(new int[] {6, 11}, world.offsetsOriginal());
        world.prepend(" ");
        assertEquals(6, world.inputStart(0, 1));
        assertEquals(11, world.inputEnd(1, 6));
    }

    @Test
    void emptyRegexMatchesNextToAMatchAreSkipped() {
        Matches m = new TextPattern.Regex(OnigRegex.compile("a*")).findMatches("aab");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            pieces.add(m.start(i) + "-" + m.end(i) + (m.isMatch(i) ? "" : "!"));
        }
        assertEquals(List.of("0-2", "2-3!", "3-3"), pieces);
    }

    private static List<String> split(String s, TextPattern p, SplitDelimiterBehavior b) {
        List<String> out = new ArrayList<>();
        for (NormalizedString piece : NormalizedString.from(s).split(p, b)) {
            out.add(piece.get());
        }
        return out;
    }
}
