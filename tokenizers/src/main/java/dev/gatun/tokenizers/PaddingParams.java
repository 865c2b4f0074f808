package dev.gatun.tokenizers;

import dev.gatun.tensor.GatunException;

/**
 * How encodings are padded: to a fixed length, or to the longest encoding of a batch, optionally
 * rounded up to a multiple. Pad tokens have attention mask 0, special-token mask 1 and no word.
 *
 * @param fixedLength    the length to pad to, or 0 to pad to the longest encoding of the batch
 * @param direction      which side receives the pad tokens
 * @param padToMultipleOf round the target length up to a multiple of this (0: no rounding)
 * @param padId          the id of the pad token
 * @param padTypeId      the type id of the pad tokens
 * @param padToken       the pad token's string
 */
public record PaddingParams(int fixedLength, Direction direction, int padToMultipleOf, int padId, int padTypeId,
        String padToken) {

    /** Which side is padded. */
    public enum Direction {
        /** Pad tokens go after the text. */
        RIGHT,
        /** Pad tokens go before the text. */
        LEFT
    }

    /** Validates the values. */
    public PaddingParams {
        if (fixedLength < 0 || padToMultipleOf < 0 || padId < 0 || padTypeId < 0) {
            throw new GatunException("padding: lengths and ids must be non-negative");
        }
        if (direction == null || padToken == null) {
            throw new GatunException("padding: direction and pad_token are required");
        }
    }

    /** Whether the target is the longest encoding of a batch rather than a fixed length. */
    public boolean batchLongest() {
        return fixedLength == 0;
    }

    /** Right padding to the longest encoding of the batch with the given pad token. */
    public static PaddingParams toLongest(int padId, String padToken) {
        return new PaddingParams(0, Direction.RIGHT, 0, padId, 0, padToken);
    }
}
