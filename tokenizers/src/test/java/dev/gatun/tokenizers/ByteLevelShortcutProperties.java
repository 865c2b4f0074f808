package dev.gatun.tokenizers;

import dev.gatun.tokenizers.text.TextSamples;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The byte-level shortcut gives the same encodings as the general pipeline it bypasses. */
class ByteLevelShortcutProperties {
    private static Tokenizer gpt2;
    private static Tokenizer llama3;
    private static Tokenizer synthetic;

    @BeforeContainer
    static void load() {
        gpt2 = Tokenizer.fromFile(GoldenTokenizerTest.resource("gpt2.tokenizer.json"));
        llama3 = Tokenizer.fromFile(GoldenTokenizerTest.resource("llama3.tokenizer.json"));
        synthetic = Tokenizer.fromFile(GoldenTokenizerTest.resource("synthetic/synth-bytelevel.tokenizer.json"));
    }

    @Provide
    Arbitrary<String> texts() {
        return TextSamples.texts();
    }

    @Property(tries = 1500)
    void gpt2(@ForAll("texts") String text) {
        assertSame(gpt2, text);
    }

    @Property(tries = 1500)
    void llama3(@ForAll("texts") String text) {
        assertSame(llama3, text);
    }

    /** A pre-tokenizer that adds a prefix space rewrites offsets: no shortcut for it. */
    @Example
    void prefixSpaceTakesTheGeneralPath() {
        assertEquals(null, synthetic.pipeline().shortcut());
    }

    private static void assertSame(Tokenizer t, String text) {
        EncodePipeline p = t.pipeline();
        assertNotNull(p.shortcut());
        assertEquals(p.encodeSequenceInFull(text, 0), p.shortcut().encode(text, 0), () -> "\"" + text + "\"");
    }
}
