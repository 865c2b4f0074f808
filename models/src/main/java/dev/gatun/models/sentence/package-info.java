/**
 * Sentence embeddings as sentence-transformers computes them: a transformer's token states pooled over
 * the attention mask ({@link dev.gatun.models.sentence.Pooling}: mean, CLS or max) and optionally
 * L2-normalised, configured by a model folder's {@code modules.json}
 * ({@link dev.gatun.models.sentence.SentenceTransformerConfig}).
 * {@link dev.gatun.models.sentence.SentenceEncoder} runs the whole pipeline on token ids; turning text
 * into ids and batching it is the engine's part.
 */
package dev.gatun.models.sentence;
