package dev.gatun.tokenizers.decoders;

import java.util.List;

/** Applies several decoders in order. */
public record Sequence(List<Decoder> decoders) implements Decoder {

    /** Copies the list, so the record stays immutable. */
    public Sequence {
        decoders = List.copyOf(decoders);
    }

    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> current = tokens;
        for (Decoder d : decoders) {
            current = d.decodeChain(current);
        }
        return current;
    }
}
