/**
 * Vocabulary models: {@link dev.gatun.tokenizers.models.BPE}, {@link dev.gatun.tokenizers.models.WordPiece},
 * {@link dev.gatun.tokenizers.models.WordLevel} and {@link dev.gatun.tokenizers.models.Unigram}. A model sees one
 * pre-tokenized word at a time and returns its tokens with offsets inside that word.
 */
package dev.gatun.tokenizers.models;
