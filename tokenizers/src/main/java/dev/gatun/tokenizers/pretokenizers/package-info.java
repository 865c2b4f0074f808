/**
 * Pre-tokenizers: split normalized text into words before the model sees it (GPT-2's byte-level
 * regex, BERT's whitespace and punctuation rules, SentencePiece's metaspace, arbitrary regex splits).
 */
package dev.gatun.tokenizers.pretokenizers;
