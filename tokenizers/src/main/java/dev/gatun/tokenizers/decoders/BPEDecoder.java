package dev.gatun.tokenizers.decoders;

import java.util.ArrayList;
import java.util.List;

/** Turns the end-of-word {@code suffix} (e.g. {@code </w>}) into a space, or nothing in the last token. */
public record BPEDecoder(String suffix) implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
        }
        return out;
    }
}
