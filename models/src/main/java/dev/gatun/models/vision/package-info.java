/**
 * Image preprocessing as Hugging Face's ViT-family image processors do it: images in,
 * {@code pixel_values} (B, 3, H, W) out.
 *
 * <ul>
 *   <li>{@link dev.gatun.models.vision.ImageDecoder} reads PNG, JPEG, BMP and the other formats the
 *       JDK's ImageIO reads into an {@link dev.gatun.models.vision.RgbImage}, converting to RGB by
 *       Pillow's {@code convert("RGB")} rules.</li>
 *   <li>{@link dev.gatun.models.vision.PilResize} is {@code PIL.Image.resize} for 8-bit RGB, bit for
 *       bit, with all six {@link dev.gatun.models.vision.Resampling} filters.</li>
 *   <li>{@link dev.gatun.models.vision.ImageProcessorConfig} reads {@code preprocessor_config.json};
 *       {@link dev.gatun.models.vision.ImageSize} holds the forms its {@code size} takes.</li>
 *   <li>{@link dev.gatun.models.vision.ImageProcessor} runs resize, center crop, rescale, normalize
 *       and channels-first, with the float arithmetic Hugging Face uses.</li>
 * </ul>
 *
 * <p>The tests compare against fixtures made by {@code models/src/test/python/make_image_fixtures.py}
 * with Pillow and numpy.
 */
package dev.gatun.models.vision;
