package dev.gatun.tokenizers;

/**
 * A token added on top of the model's vocabulary ({@code added_tokens} in {@code tokenizer.json}).
 * Added tokens are found in the input before anything else runs and are never split.
 *
 * @param content    the token's text
 * @param singleWord only match when not inside a word
 * @param lstrip     also take the whitespace to its left
 * @param rstrip     also take the whitespace to its right
 * @param normalized match against normalized text (true) or against the raw input (false)
 * @param special    a special token: skipped by {@code decode(ids, true)}
 */
public record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized,
        boolean special) {

    /** A special token matched in the raw input, as the reference creates them by default. */
    public static AddedToken special(String content) {
        return new AddedToken(content, false, false, false, false, true);
    }
}
