package dev.gatun.tokenizers.decoders;

import java.util.List;

/**
 * Turns token strings back into text, undoing what the pre-tokenizer and model did to it (byte
 * alphabets, "▁" for spaces, "##" continuation prefixes). Implementations are immutable.
 */
public sealed interface Decoder permits ByteLevel, WordPiece, Metaspace, ByteFallback, Fuse, Strip, Replace, Sequence,
        BPEDecoder, CTC {

    /** Rewrites the token strings; decoders chain by feeding one's output to the next. */
    List<String> decodeChain(List<String> tokens);

    /** The decoded text: the chain's output concatenated. */
    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }
}
