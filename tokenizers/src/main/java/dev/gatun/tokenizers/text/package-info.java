/**
 * The working representation of the tokenization pipeline: {@link dev.gatun.tokenizers.text.NormalizedString}
 * (text plus its alignment to the input), {@link dev.gatun.tokenizers.text.PreTokenizedString} (the words of one
 * sequence), patterns to split on, and {@link dev.gatun.tokenizers.text.Token}.
 */
package dev.gatun.tokenizers.text;
