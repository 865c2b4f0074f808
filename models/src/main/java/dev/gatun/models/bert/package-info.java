/**
 * BERT (Devlin et al., https://arxiv.org/abs/1810.04805) with Hugging Face's module structure and
 * state-dict names, so {@code BertModel} checkpoints load by name.
 *
 * <p>{@link dev.gatun.models.bert.BertConfig} reads {@code config.json};
 * {@link dev.gatun.models.bert.BertModel} is built from {@code dev.gatun.nn} layers
 * ({@link dev.gatun.models.bert.BertEmbeddings}, {@link dev.gatun.models.bert.BertEncoder} of
 * {@link dev.gatun.models.bert.BertLayer}s, {@link dev.gatun.models.bert.BertPooler}) and loads a model
 * folder with {@link dev.gatun.models.bert.BertModel#load}. The same code runs inference and training.
 *
 * <p>{@link dev.gatun.models.bert.BertOnnxImport} names the weights of a BERT encoder exported to ONNX
 * from the graph's structure, and {@link dev.gatun.models.bert.BertOnnxConverter} writes them out as a
 * model folder with a sentence-transformers pipeline.
 *
 * <p>Shape letters as everywhere in Gatun: B batch, T tokens, C hidden size, H heads, D head size, V vocabulary.
 */
package dev.gatun.models.bert;
