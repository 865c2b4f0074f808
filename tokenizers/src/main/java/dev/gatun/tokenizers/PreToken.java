package dev.gatun.tokenizers;

/**
 * One word produced by a pre-tokenizer: its (possibly rewritten) text and the code-point range of
 * the input it covers.
 */
public record PreToken(String text, Offset offsets) {
}
