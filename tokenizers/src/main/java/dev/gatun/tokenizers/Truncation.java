package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;

/** Truncation of one input or a pair to a total length, as the reference's {@code truncate_encodings}. */
final class Truncation {

    private Truncation() {
    }

    /** The truncated {first, second}; {@code pair} may be null. */
    static Encoding[] truncate(Encoding encoding, Encoding pair, TruncationParams params) {
        int max = params.maxLength();
        int stride = params.stride();
        TruncationParams.Direction direction = params.direction();
        if (max == 0) {
            return new Encoding[] {encoding.truncate(0, stride, direction),
                    pair == null ? null : pair.truncate(0, stride, direction)};
        }
        int total = encoding.length() + (pair == null ? 0 : pair.length());
        if (total <= max) {
            return new Encoding[] {encoding, pair};
        }
        int toRemove = total - max;
        switch (params.strategy()) {
            case LONGEST_FIRST -> {
                if (pair == null) {
                    return new Encoding[] {encoding.truncate(total - toRemove, stride, direction), null};
                }
                int n1 = encoding.length();
                int n2 = pair.length();
                boolean swap = n1 > n2;
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                // the shorter keeps what it has if it fits in half, the longer takes the rest
                n2 = n1 > max ? n1 : Math.max(n1, max - n1);
                if (n1 + n2 > max) {
                    n1 = max / 2;
                    n2 = n1 + max % 2;
                }
                if (swap) {
                    int t = n1;
                    n1 = n2;
                    n2 = t;
                }
                return new Encoding[] {encoding.truncate(n1, stride, direction), pair.truncate(n2, stride, direction)};
            }
            case ONLY_FIRST, ONLY_SECOND -> {
                boolean first = params.strategy() == TruncationParams.Strategy.ONLY_FIRST;
                if (!first && pair == null) {
                    throw new GatunException("truncation only_second needs a pair of inputs");
                }
                Encoding target = first ? encoding : pair;
                if (target.length() <= toRemove) {
                    throw new GatunException("truncation: the sequence to truncate is too short for max_length " + max);
                }
                Encoding cut = target.truncate(target.length() - toRemove, stride, direction);
                return first ? new Encoding[] {cut, pair} : new Encoding[] {encoding, cut};
            }
            default -> throw new IllegalStateException();
        }
    }
}
