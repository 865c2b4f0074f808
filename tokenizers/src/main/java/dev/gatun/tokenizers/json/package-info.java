/** Typed access to the component objects of a {@code tokenizer.json}, with errors that name file and component. */
package dev.gatun.tokenizers.json;
