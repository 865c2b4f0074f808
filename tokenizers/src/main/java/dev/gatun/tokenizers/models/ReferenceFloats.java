package dev.gatun.tokenizers.models;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads numbers the way the reference implementation's JSON library does by default, which is not
 * always the correctly rounded double: it accumulates the decimal digits in a 64-bit integer, converts
 * that to a double (rounding once when it has more than 53 bits) and then multiplies or divides by a
 * power of ten (rounding again). A 17-digit Unigram score can so come out one unit in the last place
 * away from {@link Double#parseDouble}, and since Viterbi compares sums of scores, ties and near-ties
 * between segmentations are decided by these last bits.
 *
 * <p>The JSON reader hands over correctly rounded doubles; their shortest decimal form, which is how
 * writers of {@code tokenizer.json} print floats, gives back the digits to replay the algorithm on.
 */
final class ReferenceFloats {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final double[] POW10 = new double[309];

    static {
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = Double.parseDouble("1e" + i); // each power correctly rounded, as the table it mirrors
        }
    }

    private ReferenceFloats() {
    }

    /** The double the reference reads for the number printed as {@code value}'s shortest decimal form. */
    static double asReferenceReads(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value)));
        BigInteger digits = decimal.unscaledValue();
        int exponent = -decimal.scale();
        // A shortest form has at most 17 digits; longer integers lose their last digits to the exponent.
        while (digits.compareTo(U64_MAX) > 0) {
            digits = digits.divide(BigInteger.TEN);
            exponent++;
        }
        double f = unsignedToDouble(digits.longValue());
        while (true) {
            int abs = Math.abs(exponent);
            if (abs < POW10.length) {
                f = exponent >= 0 ? f * POW10[abs] : f / POW10[abs];
                break;
            }
            if (f == 0 || exponent >= 0) {
                break;
            }
            f /= 1e308;
            exponent += 308;
        }
        return value < 0 ? -f : f;
    }

    /** An unsigned 64-bit integer to the nearest double, as Rust's {@code u64 as f64}. */
    private static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return (double) bits;
        }
        return new BigDecimal(new BigInteger(Long.toUnsignedString(bits))).doubleValue();
    }
}
