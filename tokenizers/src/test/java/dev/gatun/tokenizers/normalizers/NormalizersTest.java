package dev.gatun.tokenizers.normalizers;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.OnigRegex;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each normalizer on its own, and the JSON factory. */
class NormalizersTest {

    @Test
    void bertCleansSpacesCjkAccentsAndCase() {
        BertNormalizer bert = new BertNormalizer(true, true, null, true);
        assertEquals("hello world", bert.normalizeString("Hel\u0000lo\u200D\tWORLD"));
        assertEquals(" 中  文 x", bert.normalizeString("中文x"));
        assertEquals("cafe οδυσσευσ", bert.normalizeString("Café ΟΔΥΣΣΕΥΣ"));
        assertEquals("Café", new BertNormalizer(false, false, false, false).normalizeString("Café"));
        assertEquals("Cafe", new BertNormalizer(false, false, true, false).normalizeString("Café"));
    }

    @Test
    void chineseSpacingKeepsOffsets() {
        NormalizedString n = NormalizedString.from("a中b");
        new BertNormalizer(false, true, false, false).normalize(n);
        assertEquals("a 中 b", n.get());
        assertArrayEquals(new int[] {1, 2}, n.normalizedToOriginal(1, 4));
    }

    @Test
    void unicodeFormsAndCase() {
        assertEquals("ﬁ", new NFC().normalizeString("ﬁ"));
        assertEquals("fi", new NFKC().normalizeString("ﬁ"));
        assertEquals("e\u0301", new NFD().normalizeString("é"));
        assertEquals("1", new NFKD().normalizeString("①"));
        assertEquals("σσ", new Lowercase().normalizeString("ΣΣ"));
        assertEquals("ae", new StripAccents().normalizeString("a\u0301e\u0308"));
    }

    @Test
    void stripReplacePrependSequence() {
        assertEquals("x ", new Strip(true, false).normalizeString(" \u00A0x "));
        assertEquals(" x", new Strip(false, true).normalizeString(" x\u3000"));
        Replace spaces = new Replace(new TextPattern.Regex(OnigRegex.compile(" {2,}")), "_");
        assertEquals("a_b c", spaces.normalizeString("a   b c"));
        assertEquals("▁a", new Prepend("▁").normalizeString("a"));
        assertEquals("", new Prepend("▁").normalizeString(""));
        Sequence mistral = new Sequence(List.of(new Prepend("▁"),
                new Replace(new TextPattern.Regex(OnigRegex.literal(" ")), "▁")));
        assertEquals("▁Hello▁world", mistral.normalizeString("Hello world"));
        assertEquals("a b", new Nmt().normalizeString("a\u0001\u200Bb"));
    }

    @Test
    void precompiledCharsmapFromASentencePieceModel() throws Exception {
        Normalizer n = fixtureNormalizer("unigram-bytefallback");
        assertEquals("▁leading spaces", n.normalizeString("   leading spaces"));
        assertEquals("a▁b▁c", n.normalizeString("a  b   c"));
        assertEquals("line1 line2", n.normalizeString("line1\r\nline2"));
        assertEquals("ideographic space", n.normalizeString("ideographic\u3000space"));
    }

    @Test
    void factoryReadsEveryTypeAndRejectsUnknownOnes() {
        assertInstanceOf(BertNormalizer.class, read("{\"type\":\"BertNormalizer\"}"));
        assertEquals(new BertNormalizer(true, true, null, true), read("{\"type\":\"BertNormalizer\"}"));
        assertInstanceOf(Strip.class, read("{\"type\":\"Strip\",\"strip_left\":true,\"strip_right\":true}"));
        assertInstanceOf(Sequence.class, read("{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"NFC\"},"
                + "{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"\\\\s+\"},\"content\":\" \"}]}"));
        GatunException e = assertThrows(GatunException.class, () -> read("{\"type\":\"Uppercase\"}"));
        assertTrue(e.getMessage().contains("Uppercase") && e.getMessage().contains("test.json"), e.getMessage());
        assertThrows(GatunException.class, () -> read("{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"!!\"}"));
        assertThrows(GatunException.class, () -> read("{\"type\":\"Replace\",\"pattern\":{\"Regex\":\"a\\\\Kb\"},"
                + "\"content\":\"\"}"));
    }

    private static Normalizer read(String json) {
        return Normalizers.fromJson(ComponentConfig.of(Json.parse(json), "normalizer", "test.json"));
    }

    static Normalizer fixtureNormalizer(String stem) throws URISyntaxException {
        Path file = Path.of(NormalizersTest.class.getResource("/tokenizers/" + stem + ".tokenizer.json").toURI());
        Map<String, Object> root = Json.parseObject(file);
        return Normalizers.fromJson(ComponentConfig.of(root.get("normalizer"), "normalizer", file.toString()));
    }
}
