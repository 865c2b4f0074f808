/**
 * Reading and writing the files a model comes in: JSON ({@code config.json}, {@code tokenizer.json},
 * safetensors headers) and safetensors weights, single-file or sharded.
 *
 * <p>This layer works on raw {@link java.lang.foreign.MemorySegment}s and plain Java values so that it
 * depends on nothing else in Gatun but {@link dev.gatun.tensor.DType} and
 * {@link dev.gatun.tensor.GatunException}:
 * <ul>
 *   <li>{@link dev.gatun.tensor.io.Json} parses to maps, lists, strings, numbers, booleans and null,
 *       writes them back exactly, and offers typed accessors for config keys;</li>
 *   <li>{@link dev.gatun.tensor.io.SafetensorsFile} memory-maps a file and validates its header before
 *       exposing zero-copy {@link dev.gatun.tensor.io.SafetensorsEntry} slices;</li>
 *   <li>{@link dev.gatun.tensor.io.ShardedSafetensors} joins the shards named by an index file;</li>
 *   <li>{@link dev.gatun.tensor.io.Safetensors#openModel(java.nio.file.Path)} opens a model folder as a
 *       {@link dev.gatun.tensor.io.TensorSource} whichever layout it has;</li>
 *   <li>{@link dev.gatun.tensor.io.SafetensorsWriter} writes files atomically in the reference layout.</li>
 * </ul>
 *
 * <p>Malformed input of any kind is reported as a {@link dev.gatun.tensor.GatunException} whose message
 * names the file (and tensor or JSON position) and says what was expected versus found; no other
 * exception type escapes for bad file contents.
 */
package dev.gatun.tensor.io;
