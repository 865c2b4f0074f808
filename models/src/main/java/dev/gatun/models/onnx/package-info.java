/**
 * Reading ONNX models for their weights, with no generated code and no dependency beyond the JDK.
 *
 * <p>{@link dev.gatun.models.onnx.ProtoReader} decodes the protobuf wire format (varints, fixed 32 and
 * 64-bit values, length-delimited fields) straight from a memory-mapped file;
 * {@link dev.gatun.models.onnx.OnnxFile} maps an {@code .onnx} file and decodes its {@code ModelProto}
 * into records: {@link dev.gatun.models.onnx.OnnxModel}, {@link dev.gatun.models.onnx.OnnxGraph} (nodes,
 * initializers, inputs, outputs, with producer and consumer indexes), {@link dev.gatun.models.onnx.OnnxNode}
 * and {@link dev.gatun.models.onnx.OnnxTensor}, whose {@code raw_data} stays a zero-copy slice of the file.
 *
 * <p>Gatun does not run ONNX graphs. {@link dev.gatun.models.onnx.OnnxMatcher} recognises the building
 * blocks of exported transformers by their wiring (fully connected layers, layer norms, the data path
 * between matrix products) so that model importers such as
 * {@link dev.gatun.models.bert.BertOnnxImport} can give anonymous initializers their framework names.
 */
package dev.gatun.models.onnx;
