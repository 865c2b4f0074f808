package dev.gatun.tokenizers.decoders;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.json.ComponentConfig;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.OnigRegex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each decoder on its own, and the JSON factory. */
class DecodersTest {

    @Test
    void byteLevelJoinsBytesAcrossTokens() {
        ByteLevel d = new ByteLevel();
        assertEquals("Hello world😀", d.decode(List.of("Hello", "Ġworld", "ðŁĺ", "Ģ")));
        assertEquals("a\uFFFD", d.decode(List.of("a", "ðŁĺ"))); // incomplete character
        assertEquals("<|endoftext|>x", d.decode(List.of("<|endoftext|>", "x")));
    }

    @Test
    void wordPieceJoinsContinuationsAndCleansUp() {
        WordPiece d = new WordPiece("##", true);
        // cleanup works per token, so a lone apostrophe keeps its spaces, as in the reference
        assertEquals("unaffable, isn ' t it?", d.decode(List.of("una", "##ffa", "##ble", ",", "isn", "'", "t", "it", "?")));
        assertEquals("a , b", new WordPiece("##", false).decode(List.of("a", ",", "b")));
    }

    @Test
    void sentencePieceChain() {
        Decoder chain = new Sequence(List.of(new Replace(new TextPattern.Regex(OnigRegex.literal("▁")), " "),
                new ByteFallback(), new Fuse(), new Strip(' ', 1, 0)));
        assertEquals("Hello 😀!", chain.decode(List.of("▁Hello", "▁", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>", "!")));
        assertEquals("\uFFFD\uFFFDx", new Sequence(List.of(new ByteFallback(), new Fuse()))
                .decode(List.of("<0xF0>", "<0x9F>", "x")));
    }

    @Test
    void metaspaceBpeCtc() {
        assertEquals("Hey friend", new Metaspace('▁', true).decode(List.of("▁Hey", "▁friend")));
        assertEquals(" Hey friend", new Metaspace('▁', false).decode(List.of("▁Hey", "▁friend")));
        assertEquals("hello world", new BPEDecoder("</w>").decode(List.of("hel", "lo</w>", "world</w>")));
        assertEquals("hello world", new CTC("<pad>", "|", true)
                .decode(List.of("<pad>", "h", "e", "l", "l", "<pad>", "l", "o", "o", "|", "w", "o", "r", "l", "d")));
        assertEquals("xab", new Strip('x', 2, 2).decode(List.of("xxxabxx")));
    }

    @Test
    void factoryRejectsUnknownTypes() {
        assertTrue(read("{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"never\"}")
                instanceof Metaspace m && !m.prependsReplacement());
        GatunException e = assertThrows(GatunException.class, () -> read("{\"type\":\"Telepathy\"}"));
        assertTrue(e.getMessage().contains("Telepathy") && e.getMessage().contains("decoder"), e.getMessage());
    }

    private static Decoder read(String json) {
        return Decoders.fromJson(ComponentConfig.of(Json.parse(json), "decoder", "test.json"));
    }
}
