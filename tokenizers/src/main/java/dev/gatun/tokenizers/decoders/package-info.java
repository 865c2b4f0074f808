/**
 * Decoders: turn token strings back into text (byte-level alphabets, metaspace, WordPiece joining,
 * byte fallback), chained with {@link dev.gatun.tokenizers.decoders.Sequence}.
 */
package dev.gatun.tokenizers.decoders;
