/**
 * Character data and algorithms with the exact semantics tokenizers depend on: whitespace and
 * punctuation classes, Unicode 9.0 categories, alignment-tracking Unicode normalization, lossy UTF-8
 * decoding, and translation of Oniguruma regular expressions to {@link java.util.regex.Pattern}.
 */
package dev.gatun.tokenizers.unicode;
