/**
 * Image classification for users: {@link dev.gatun.engine.vision.ImageClassifier} runs a model folder's
 * image processor, model and softmax over images and gives labelled {@link dev.gatun.engine.vision.Prediction}s;
 * {@link dev.gatun.engine.vision.DefaultImageModel} is the small shapes classifier shipped in the jar.
 */
package dev.gatun.engine.vision;
