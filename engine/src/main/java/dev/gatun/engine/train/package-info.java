/**
 * Training recipes: {@link dev.gatun.engine.train.ShapesDataset} draws images of plane figures on demand,
 * {@link dev.gatun.engine.train.ShapesTraining} trains a small ViT on them from scratch, and
 * {@link dev.gatun.engine.train.CheckpointWriter} saves a model folder in Hugging Face layout that appears
 * whole or not at all.
 */
package dev.gatun.engine.train;
