package dev.gatun.engine.vision;

/**
 * One class an image classifier proposes for an image.
 *
 * @param id          the class id, an index into the model's {@code id2label}
 * @param label       the class name from {@code id2label}, or {@code LABEL_<id>} when the config has none
 * @param probability the softmax probability of the class, 0..1
 */
public record Prediction(int id, String label, double probability) {
}
