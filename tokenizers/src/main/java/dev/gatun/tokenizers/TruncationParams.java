package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;

/**
 * How encodings longer than {@code maxLength} tokens are cut. The special tokens a post-processor
 * adds count towards {@code maxLength}; what is cut off is kept in {@link Encoding#overflowing()},
 * in windows that overlap by {@code stride} tokens.
 *
 * @param maxLength the most tokens an encoding may have
 * @param stride    how many tokens each overflowing window repeats from the previous one
 * @param strategy  which sequence of a pair loses tokens
 * @param direction which end is cut
 */
public record TruncationParams(int maxLength, int stride, Strategy strategy, Direction direction) {

    /** Which sequence of a pair is truncated. */
    public enum Strategy {
        /** Remove from the longer sequence until both fit. */
        LONGEST_FIRST,
        /** Only truncate the first sequence. */
        ONLY_FIRST,
        /** Only truncate the second sequence. */
        ONLY_SECOND
    }

    /** Which end of a sequence is removed. */
    public enum Direction {
        /** Keep the start, cut the end. */
        RIGHT,
        /** Keep the end, cut the start. */
        LEFT
    }

    /** Validates the values. */
    public TruncationParams {
        if (maxLength < 0 || stride < 0) {
            throw new GatunException("truncation: max_length and stride must be non-negative, got " + maxLength
                    + " and " + stride);
        }
        if (strategy == null || direction == null) {
            throw new GatunException("truncation: strategy and direction are required");
        }
    }

    /** Right truncation to {@code maxLength} tokens, longest sequence first, no stride. */
    public static TruncationParams of(int maxLength) {
        return new TruncationParams(maxLength, 0, Strategy.LONGEST_FIRST, Direction.RIGHT);
    }
}
