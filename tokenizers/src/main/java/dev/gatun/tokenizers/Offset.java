package dev.gatun.tokenizers;

/**
 * A half-open range [start, end) of the input text that a token comes from. Special tokens added by
 * post-processing and padding have the empty range (0, 0).
 */
public record Offset(int start, int end) {

    /** The empty range (0, 0). */
    public static final Offset NONE = new Offset(0, 0);

    /** This range moved right by {@code shift}. */
    public Offset shift(int shift) {
        return shift == 0 ? this : new Offset(start + shift, end + shift);
    }

    /** The length of the range. */
    public int length() {
        return end - start;
    }
}
