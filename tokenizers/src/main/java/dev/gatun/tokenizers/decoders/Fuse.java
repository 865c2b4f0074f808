package dev.gatun.tokenizers.decoders;

import java.util.List;

/** Concatenates all tokens into one, so following decoders see whole words. */
public record Fuse() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        return List.of(String.join("", tokens));
    }
}
