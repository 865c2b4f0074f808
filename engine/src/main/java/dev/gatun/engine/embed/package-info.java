/**
 * Sentence embeddings for users: {@link dev.gatun.engine.embed.SentenceEmbedder} turns text into vectors
 * with a model folder's tokenizer and sentence-transformers pipeline, batching and padding, and serves
 * many threads from one loaded model; {@link dev.gatun.engine.embed.DefaultEmbeddingModel} sets up
 * all-MiniLM-L6-v2 on first use.
 */
package dev.gatun.engine.embed;
