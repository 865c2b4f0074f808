/**
 * Post-processors: add the special tokens a model expects around its inputs ([CLS]/[SEP], &lt;s&gt;/&lt;/s&gt;,
 * templates), set type ids, and merge pairs into one {@link dev.gatun.tokenizers.Encoding}.
 */
package dev.gatun.tokenizers.processors;
