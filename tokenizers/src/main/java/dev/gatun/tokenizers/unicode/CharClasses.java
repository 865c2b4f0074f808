package dev.gatun.tokenizers.unicode;

/**
 * Character predicates with exactly the semantics the Hugging Face {@code tokenizers} library uses,
 * which differ from {@link Character}'s in places: {@code Character.isWhitespace} rejects U+00A0 and
 * U+0085 but accepts U+001C..U+001F, and BERT's punctuation, control and accent tests use Unicode 9.0
 * categories rather than the JDK's newer data.
 *
 * <p>All methods take a code point, never a UTF-16 unit.
 */
public final class CharClasses {

    private CharClasses() {
    }

    /**
     * The Unicode {@code White_Space} property, as Rust's {@code char::is_whitespace} and the
     * {@code \s} class of the regex engines define it. Includes U+0085 (NEL) and the no-break spaces.
     */
    public static boolean isWhitespace(int cp) {
        if (cp <= 0x20) {
            return cp == 0x20 || (cp >= 0x09 && cp <= 0x0D);
        }
        if (cp < 0x85) {
            return false;
        }
        return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
                || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
    }

    /** Rust's {@code char::is_numeric}: general category Nd, Nl or No. */
    public static boolean isNumeric(int cp) {
        if (cp < 0x80) {
            return cp >= '0' && cp <= '9';
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** ASCII punctuation as Rust's {@code char::is_ascii_punctuation} defines it (includes symbols like $ and +). */
    public static boolean isAsciiPunctuation(int cp) {
        return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60)
                || (cp >= 0x7B && cp <= 0x7E);
    }

    /** Punctuation for BERT and the Punctuation pre-tokenizer: ASCII punctuation or a Unicode 9.0 P* category. */
    public static boolean isPunctuation(int cp) {
        if (cp < 0x80) {
            return isAsciiPunctuation(cp);
        }
        return Unicode9Categories.contains(Unicode9Categories.PUNCTUATION, cp);
    }

    /** Unicode 9.0 category Mn, the accents BERT strips after NFD. */
    public static boolean isNonspacingMark(int cp) {
        return cp >= 0x300 && Unicode9Categories.contains(Unicode9Categories.NONSPACING_MARK, cp);
    }

    /**
     * The "other" characters BERT's {@code clean_text} removes: Unicode 9.0 categories Cc, Cf and Co
     * (unassigned code points are kept), excluding tab, LF and CR which it treats as whitespace.
     */
    public static boolean isBertControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        if (cp <= 0x1F || (cp >= 0x7F && cp <= 0x9F)) {
            return true;
        }
        if ((cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xF0000 && cp <= 0xFFFFD) || (cp >= 0x100000 && cp <= 0x10FFFD)) {
            return true;
        }
        return cp >= 0xAD && Unicode9Categories.contains(Unicode9Categories.FORMAT, cp);
    }

    /** The CJK ideograph blocks BERT surrounds with spaces. */
    public static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** A combining mark (Mn, Mc or Me), what the StripAccents normalizer removes. */
    public static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * A word character as the {@code \w} class of Rust's regex crate defines it: Alphabetic, any mark,
     * decimal digit, connector punctuation or a join control (U+200C, U+200D).
     */
    public static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        if (Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.CONNECTOR_PUNCTUATION;
    }

    /**
     * Rust's {@code char::to_lowercase}, one code point in, one or more out: the simple mapping plus the
     * one unconditional multi-character rule (U+0130 → "i̇"). Per code point, so a final capital sigma
     * becomes σ, never the word-final ς that {@link String#toLowerCase()} produces.
     */
    public static int[] toLowercase(int cp) {
        if (cp == 0x130) {
            return new int[] {'i', 0x307};
        }
        return new int[] {Character.toLowerCase(cp)};
    }
}
