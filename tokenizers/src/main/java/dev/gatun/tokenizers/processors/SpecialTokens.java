package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;
import dev.gatun.tokenizers.Offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Builds the short encodings that hold special tokens inserted by post-processors. */
final class SpecialTokens {

    private SpecialTokens() {
    }

    /** An encoding of special tokens: no offsets, no word, special-token mask 1. */
    static Encoding of(int[] ids, List<String> tokens, int typeId) {
        int n = ids.length;
        int[] types = new int[n];
        Arrays.fill(types, typeId);
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        int[] none = new int[n];
        Arrays.fill(none, -1);
        List<Offset> offsets = Collections.nCopies(n, Offset.NONE);
        return new Encoding(ids, tokens, offsets, offsets, types, ones, ones.clone(), none, none.clone(), List.of());
    }

    /** One special token. */
    static Encoding of(int id, String token, int typeId) {
        return of(new int[] {id}, List.of(token), typeId);
    }

    /** {@code before + e + after} for {@code e} and for each of its overflowing windows. */
    static Encoding wrap(Encoding before, Encoding e, Encoding after) {
        List<Encoding> windows = new ArrayList<>(e.overflowing().size());
        for (Encoding w : e.overflowing()) {
            windows.add(concat(before, w.withOverflowing(List.of()), after));
        }
        return concat(before, e.withOverflowing(List.of()), after).withOverflowing(windows);
    }

    private static Encoding concat(Encoding before, Encoding e, Encoding after) {
        List<Encoding> parts = new ArrayList<>(3);
        if (before != null) {
            parts.add(before);
        }
        parts.add(e);
        if (after != null) {
            parts.add(after);
        }
        return Encoding.merge(parts, false);
    }
}
