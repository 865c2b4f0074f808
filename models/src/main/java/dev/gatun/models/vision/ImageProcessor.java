package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images in, {@code pixel_values} out, as Hugging Face's ViT-family image processors compute them.
 *
 * <p>Per image, in this order (each step only when its {@code do_*} flag is set):
 * <ol>
 *   <li>resize with Pillow's filter ({@link PilResize}) to the size {@link ImageSize} gives;</li>
 *   <li>center crop to {@code crop_size}, padding with zeros where the crop is larger than the image
 *       ({@link #centerCrop});</li>
 *   <li>rescale: {@code (float) (value * rescale_factor)}, the product taken in double precision and
 *       then rounded to float, as {@code image.astype(float64) * scale} then {@code astype(float32)};</li>
 *   <li>normalize: {@code (x - (float) mean) / (float) std} in float arithmetic, as numpy computes it
 *       on float32 arrays;</li>
 *   <li>channels first: (H, W, 3) becomes (3, H, W).</li>
 * </ol>
 * Images are always taken as (height, width, channels): Hugging Face infers the channel axis from
 * the array's shape, and guesses channels-first for images 1 or 3 pixels high; Gatun does not guess.
 *
 * <p>An {@code ImageProcessor} holds only its config, so one may be shared by any number of threads.
 *
 * {@snippet :
 * ImageProcessor processor = ImageProcessor.read(Path.of("vit-base-patch16-224"));
 * Tensor pixelValues = processor.processFiles(List.of(Path.of("cat.jpg"), Path.of("dog.png")));
 * // (B, 3, 224, 224) F32
 * }
 */
public final class ImageProcessor {

    private final ImageProcessorConfig config;

    public ImageProcessor(ImageProcessorConfig config) {
        this.config = config;
    }

    /** The processor a model folder's (or the file's) {@code preprocessor_config.json} describes. */
    public static ImageProcessor read(Path folderOrFile) {
        return new ImageProcessor(ImageProcessorConfig.read(folderOrFile));
    }

    public ImageProcessorConfig config() {
        return config;
    }

    /** Decodes image files and processes them into one batch (B, 3, H, W). */
    public Tensor processFiles(List<Path> paths) {
        List<RgbImage> images = new ArrayList<>(paths.size());
        for (Path p : paths) {
            images.add(ImageDecoder.read(p));
        }
        return process(images);
    }

    /**
     * {@code pixel_values} of a batch, F32 (B, 3, H, W).
     *
     * @throws GatunException if the list is empty, or the images come out in different sizes (a
     *     shortest-edge resize without a crop keeps each image's aspect ratio)
     */
    public Tensor process(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new GatunException("no images to process");
        }
        float[][] each = new float[images.size()][];
        int height = 0;
        int width = 0;
        for (int b = 0; b < images.size(); b++) {
            RgbImage prepared = resizeAndCrop(images.get(b));
            if (b == 0) {
                height = prepared.height();
                width = prepared.width();
            } else if (prepared.height() != height || prepared.width() != width) {
                throw new GatunException("image " + b + " (" + images.get(b) + ") comes out " + prepared.width() + "x"
                        + prepared.height() + " but image 0 comes out " + width + "x" + height
                        + "; images in one batch must come out the same size (use a crop or a {height, width} size)");
            }
            each[b] = pixelValues(prepared);
        }
        int plane = 3 * height * width;
        float[] batch = new float[images.size() * plane];
        for (int b = 0; b < each.length; b++) {
            System.arraycopy(each[b], 0, batch, b * plane, plane);
        }
        return Tensor.of(batch, images.size(), 3, height, width);  // (B, 3, H, W)
    }

    /** The 8-bit steps: resize and center crop, each when the config asks for it. */
    public RgbImage resizeAndCrop(RgbImage image) {
        RgbImage out = image;
        if (config.doResize()) {
            ImageSize.Dims target = config.size().outputSize(out.height(), out.width());
            out = PilResize.resize(out, target.width(), target.height(), config.resample());
        }
        if (config.doCenterCrop()) {
            out = centerCrop(out, config.cropSize().height(), config.cropSize().width());
        }
        return out;
    }

    /** Rescale, normalize and channels first, over an already resized and cropped image: (3, H, W). */
    public float[] pixelValues(RgbImage image) {
        // every output depends only on (channel, byte value): compute the 3 x 256 table once
        float[][] table = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float mean = config.imageMean().get(c).floatValue();
            float std = config.imageStd().get(c).floatValue();
            for (int v = 0; v < 256; v++) {
                float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
                table[c][v] = config.doNormalize() ? (x - mean) / std : x;
            }
        }
        int hw = image.height() * image.width();
        byte[] src = image.pixels();
        float[] out = new float[3 * hw];
        for (int i = 0; i < hw; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * hw + i] = table[c][src[i * 3 + c] & 0xFF];  // (H, W, 3) -> (3, H, W)
            }
        }
        return out;
    }

    /**
     * The {@code height x width} window at the image's centre, as {@code center_crop} in
     * {@code transformers.image_transforms} takes it: the top-left corner at
     * {@code floor((size - crop) / 2)} per axis; where the crop is larger than the image along an axis,
     * the image is placed at {@code ceil((crop - size) / 2)} in a black canvas of the crop's size.
     */
    public static RgbImage centerCrop(RgbImage image, int height, int width) {
        new ImageSize.Dims(height, width);
        int top = offset(image.height(), height);
        int left = offset(image.width(), width);
        RgbImage out = RgbImage.black(width, height);
        // copy the overlap of the source image and the window [top, top + height) x [left, left + width)
        int y0 = Math.max(top, 0);
        int y1 = Math.min(top + height, image.height());
        int x0 = Math.max(left, 0);
        int x1 = Math.min(left + width, image.width());
        for (int y = y0; y < y1; y++) {
            System.arraycopy(image.pixels(), (y * image.width() + x0) * 3, out.pixels(),
                    ((y - top) * width + (x0 - left)) * 3, (x1 - x0) * 3);
        }
        return out;
    }

    /** The window's start along one axis: floor((size - crop) / 2), or -ceil((crop - size) / 2) when padding. */
    private static int offset(int size, int crop) {
        return Math.floorDiv(size - crop, 2);
    }
}
