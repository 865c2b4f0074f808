package dev.gatun.tokenizers.text;

/**
 * One token produced by a model: its id, its string form in the vocabulary, and the UTF-16 range
 * [start, end) it covers in the string the model was given.
 */
public record Token(int id, String value, int start, int end) {
}
