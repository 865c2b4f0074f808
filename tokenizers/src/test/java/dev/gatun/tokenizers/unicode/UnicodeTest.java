package dev.gatun.tokenizers.unicode;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Character classes, Unicode 9.0 categories, normalization edits, lossy UTF-8 and regex translation. */
class UnicodeTest {

    @Test
    void whitespaceIsTheWhiteSpaceProperty() {
        assertTrue(CharClasses.isWhitespace(0x85)); // NEL, which Character.isWhitespace rejects
        assertTrue(CharClasses.isWhitespace(0xA0));
        assertTrue(CharClasses.isWhitespace(0x3000));
        assertFalse(CharClasses.isWhitespace(0x1C)); // which Character.isWhitespace accepts
        assertFalse(CharClasses.isWhitespace(0x200B));
    }

    @Test
    void lowercaseIsPerCodePoint() {
        assertArrayEquals(new int[] {'σ'}, CharClasses.toLowercase('Σ'));
        assertArrayEquals(new int[] {'i', 0x307}, CharClasses.toLowercase(0x130));
    }

    @Test
    void bertClassesUseUnicode9() {
        assertTrue(CharClasses.isPunctuation('$'));
        assertTrue(CharClasses.isPunctuation(0x3002));
        assertFalse(CharClasses.isPunctuation('a'));
        assertTrue(CharClasses.isNonspacingMark(0x301));
        assertTrue(CharClasses.isNonspacingMark(0x1734)); // Mn in 9.0, Mc since 14.0
        assertTrue(CharClasses.isBertControl(0x200D));
        assertTrue(CharClasses.isBertControl(0xE000));
        assertFalse(CharClasses.isBertControl(0x890)); // Cf only since 14.0
        assertFalse(CharClasses.isBertControl('\n'));
    }

    @Test
    void normalizationEditsFollowTheStreamingAlgorithm() {
        // "é" as e + U+0301 composes into one character that replaces two: change -1
        CharEdits nfc = UnicodeForms.normalize("e\u0301", UnicodeForms.Form.NFC);
        assertEquals(1, nfc.size());
        assertEquals('é', nfc.codePoint(0));
        assertEquals(-1, nfc.change(0));
        // precomposed "é" decomposes into two: the mark is an insertion
        CharEdits nfd = UnicodeForms.normalize("é", UnicodeForms.Form.NFD);
        assertEquals(List.of(pair('e', 0), pair(0x301, 1)), pairs(nfd));
        // marks are reordered by combining class (220 before 230), changes stay with positions
        CharEdits reordered = UnicodeForms.normalize("a\u0301\u0316", UnicodeForms.Form.NFD);
        assertEquals(List.of(pair('a', 0), pair(0x316, 0), pair(0x301, 0)), pairs(reordered));
    }

    @Test
    void equalMarksKeepTheirOrderWhenSorted() {
        // ộ decomposes to o, dot below (220), circumflex (230); a second dot below (220) moves before the
        // circumflex but after the first dot below: the stable sort must not swap the two equal marks
        CharEdits edits = UnicodeForms.normalize("\u1ED9\u0323", UnicodeForms.Form.NFD);
        assertEquals(List.of(pair('o', 0), pair(0x323, 1), pair(0x323, 0), pair(0x302, 1)), pairs(edits));
    }

    @Test
    void normalizationTextMatchesTheJdk() {
        String[] samples = {"Å\u0301ﬁ①", "ộ\u0323o\u0302\u0323", "\u1100\u1161\u11A8한", "ｶﾞ", "\u0344\u0301a"};
        for (String s : samples) {
            for (UnicodeForms.Form form : UnicodeForms.Form.values()) {
                CharEdits edits = UnicodeForms.normalize(s, form);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < edits.size(); i++) {
                    b.appendCodePoint(edits.codePoint(i));
                }
                assertEquals(Normalizer.normalize(s, Normalizer.Form.valueOf(form.name())), b.toString(),
                        s + " " + form);
            }
        }
    }

    @Test
    void lossyDecodingReplacesMaximalInvalidPrefixes() {
        byte[] truncated = {'a', (byte) 0xE2, (byte) 0x82, 'b'};
        assertEquals("a\uFFFDb", Utf8.decodeLossy(truncated, truncated.length));
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertEquals("\uFFFD\uFFFD\uFFFD", Utf8.decodeLossy(surrogate, surrogate.length));
        byte[] bad = {(byte) 0xF5, 'x', (byte) 0xF0, (byte) 0x9F, (byte) 0x98};
        assertEquals("\uFFFDx\uFFFD", Utf8.decodeLossy(bad, bad.length));
        byte[] ok = "h\u00E9\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertEquals("h\u00E9\uD83D\uDE00", Utf8.decodeLossy(ok, ok.length));
        assertEquals(null, Utf8.decodeStrict(truncated, truncated.length));
    }

    @Test
    void onigurumaClassesAreUnicode() {
        Pattern s = OnigRegex.compile("\\s+");
        assertTrue(s.matcher("\u0085\u00A0\u3000").matches());
        assertTrue(OnigRegex.compile("[^\\s\\p{L}]+").matcher("12!").matches());
        assertFalse(OnigRegex.compile("[^\\s\\p{L}]+").matcher("1\u00A0").matches());
        assertTrue(OnigRegex.compile("\\p{^L}+").matcher("12 !").matches());
        assertTrue(OnigRegex.compile("a{,2}").matcher("aa").matches());
        assertTrue(OnigRegex.compile("\\h+").matcher("0fA9").matches());
        assertTrue(OnigRegex.compile("[[:alpha:]]+").matcher("\u00E9t\u00E9").matches());
        assertTrue(OnigRegex.compile("\\p{Han}+").matcher("\u4E2D\u6587").matches());
        assertTrue(OnigRegex.compile("(?i:'s)").matcher("'\u017F").matches());
        assertTrue(OnigRegex.compile("(?m:a.b)").matcher("a\nb").matches());
    }

    @Test
    void unsupportedRegexIsOneClearError() {
        GatunException e = assertThrows(GatunException.class, () -> OnigRegex.compile("ab\\Kc"));
        assertTrue(e.getMessage().contains("\\K"), e.getMessage());
        assertThrows(GatunException.class, () -> OnigRegex.compile("[[:graph:]]"));
    }

    private static String pair(int codePoint, int change) {
        return codePoint + ":" + change;
    }

    private static List<String> pairs(CharEdits edits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            out.add(edits.codePoint(i) + ":" + edits.change(i));
        }
        return out;
    }
}
