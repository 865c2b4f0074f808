/**
 * Hugging Face {@code tokenizer.json} tokenizers: {@link dev.gatun.tokenizers.Tokenizer} loads one and
 * encodes text into {@link dev.gatun.tokenizers.Encoding}s (ids, tokens, offsets, masks) exactly as the
 * reference {@code tokenizers} library does, and decodes ids back to text.
 *
 * <p>Subpackages hold the pipeline's components, one package per kind: normalizers, pre-tokenizers,
 * models, post-processors and decoders.
 */
package dev.gatun.tokenizers;
