/**
 * Normalizers: the text rewrites applied before splitting (Unicode forms, BERT cleanup, lowercasing,
 * SentencePiece's precompiled rules, replacements), each keeping offsets aligned with the input.
 */
package dev.gatun.tokenizers.normalizers;
