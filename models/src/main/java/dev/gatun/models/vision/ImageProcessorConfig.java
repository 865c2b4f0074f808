package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a Hugging Face image processor, read from {@code preprocessor_config.json}.
 *
 * <p>Supported processors, with the defaults their {@code __init__} gives keys that are absent:
 * <table>
 *   <caption>processor defaults</caption>
 *   <tr><th>type</th><th>size</th><th>resample</th><th>center crop</th><th>mean, std</th></tr>
 *   <tr><td>{@code ViTImageProcessor}, {@code ViTFeatureExtractor}</td><td>224x224</td><td>bilinear</td>
 *       <td>none (the key is ignored)</td><td>0.5, 0.5</td></tr>
 *   <tr><td>{@code DeiTImageProcessor}, {@code DeiTFeatureExtractor}</td><td>256x256</td><td>bicubic</td>
 *       <td>224x224</td><td>0.5, 0.5</td></tr>
 *   <tr><td>{@code BitImageProcessor}, {@code CLIPImageProcessor}, {@code CLIPFeatureExtractor}</td>
 *       <td>shortest edge 224</td><td>bicubic</td><td>224x224</td><td>OpenAI CLIP mean and std</td></tr>
 * </table>
 * All rescale by 1/255 and normalize by default. An integer {@code size} is a square for ViT and DeiT
 * and a shortest edge for BiT and CLIP, as {@code get_size_dict} reads it for each; a two-element list
 * is {@code [height, width]}. The {@code size} forms {@code {height, width}}, {@code {shortest_edge}}
 * and {@code {shortest_edge, longest_edge}} are accepted for every type (Hugging Face's slow ViT and
 * DeiT processors accept only the first; its fast ones accept all three, resolved as
 * {@link ImageSize} resolves them).
 *
 * @param processorType the processor's class name, {@code FeatureExtractor} spelled as {@code ImageProcessor}
 * @param doResize whether to resize
 * @param size the resize target
 * @param resample the Pillow filter used to resize
 * @param doCenterCrop whether to center-crop after resizing (always false for ViT)
 * @param cropSize the crop's height and width
 * @param doRescale whether to multiply by {@code rescaleFactor}
 * @param rescaleFactor usually 1/255
 * @param doNormalize whether to subtract {@code imageMean} and divide by {@code imageStd}
 * @param imageMean three per-channel means (R, G, B)
 * @param imageStd three per-channel standard deviations, none zero
 * @param doConvertRgb the file's {@code do_convert_rgb}; images are always converted to RGB on decoding
 */
public record ImageProcessorConfig(String processorType, boolean doResize, ImageSize size, Resampling resample,
                                   boolean doCenterCrop, ImageSize.HeightWidth cropSize, boolean doRescale,
                                   double rescaleFactor, boolean doNormalize, List<Double> imageMean,
                                   List<Double> imageStd, boolean doConvertRgb) {

    /** The processor types {@link #fromJson} accepts, by their {@code ImageProcessor} names. */
    public static final List<String> SUPPORTED_TYPES = List.of(
            "ViTImageProcessor", "DeiTImageProcessor", "BitImageProcessor", "CLIPImageProcessor");

    static final List<Double> IMAGENET_STANDARD = List.of(0.5, 0.5, 0.5);
    static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
    static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

    public ImageProcessorConfig {
        if (!SUPPORTED_TYPES.contains(processorType)) {
            throw new GatunException("image processor type '" + processorType + "' is not supported; expected one of "
                    + SUPPORTED_TYPES);
        }
        imageMean = channels("image_mean", imageMean);
        imageStd = channels("image_std", imageStd);
        for (double s : imageStd) {
            if (s == 0 || !Double.isFinite(s)) {
                throw new GatunException("image_std must hold finite non-zero values, got " + imageStd);
            }
        }
        if (!Double.isFinite(rescaleFactor)) {
            throw new GatunException("rescale_factor must be a finite number, got " + rescaleFactor);
        }
    }

    /** {@code ViTImageProcessor()} with every default: 224x224 bilinear, rescale 1/255, mean and std 0.5. */
    public static ImageProcessorConfig vitDefaults() {
        return fromJson(Map.of("image_processor_type", "ViTImageProcessor"));
    }

    /**
     * Reads {@code preprocessor_config.json} from a model folder, or the file itself.
     *
     * @throws GatunException naming the file if it is missing, names no supported processor, or holds
     *     a value of the wrong type or out of range
     */
    public static ImageProcessorConfig read(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("preprocessor_config.json") : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new GatunException(file + ": no such file; an image model folder needs a preprocessor_config.json");
        }
        Map<String, Object> json = Json.parseObject(file);
        try {
            return fromJson(json);
        } catch (GatunException e) {
            throw new GatunException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a parsed {@code preprocessor_config.json}; absent keys take the processor type's defaults. */
    public static ImageProcessorConfig fromJson(Map<String, ?> json) {
        String type = processorType(json);
        boolean vit = type.equals("ViTImageProcessor");
        boolean deit = type.equals("DeiTImageProcessor");
        boolean square = vit || deit;
        Object sizeValue = json.get("size");
        ImageSize size = sizeValue == null
                ? (vit ? new ImageSize.HeightWidth(224, 224)
                        : deit ? new ImageSize.HeightWidth(256, 256) : new ImageSize.ShortestEdge(224))
                : size("size", sizeValue, square);
        ImageSize.HeightWidth crop = new ImageSize.HeightWidth(224, 224);
        Object cropValue = json.get("crop_size");
        if (cropValue != null) {
            if (!(size("crop_size", cropValue, true) instanceof ImageSize.HeightWidth hw)) {
                throw new GatunException("crop_size must be an integer, [height, width] or {height, width}, got "
                        + Json.describe(cropValue));
            }
            crop = hw;
        }
        List<Double> defaultMean = square ? IMAGENET_STANDARD : CLIP_MEAN;
        List<Double> defaultStd = square ? IMAGENET_STANDARD : CLIP_STD;
        return new ImageProcessorConfig(
                type,
                Json.getBoolean(json, "do_resize", true),
                size,
                Resampling.ofPil(Json.getInt(json, "resample", vit ? 2 : 3)),
                !vit && Json.getBoolean(json, "do_center_crop", true),
                crop,
                Json.getBoolean(json, "do_rescale", true),
                Json.getDouble(json, "rescale_factor", 1.0 / 255),
                Json.getBoolean(json, "do_normalize", true),
                doubles(json, "image_mean", defaultMean),
                doubles(json, "image_std", defaultStd),
                Json.getBoolean(json, "do_convert_rgb", !square));
    }

    private static String processorType(Map<String, ?> json) {
        Object named = json.get("image_processor_type");
        String key = "image_processor_type";
        if (named == null) {
            named = json.get("feature_extractor_type");
            key = "feature_extractor_type";
        }
        if (named == null) {
            throw new GatunException("names no image_processor_type or feature_extractor_type; expected one of "
                    + SUPPORTED_TYPES);
        }
        String name = Json.getString(json, key);
        String type = name.endsWith("FeatureExtractor")
                ? name.substring(0, name.length() - "FeatureExtractor".length()) + "ImageProcessor" : name;
        if (!SUPPORTED_TYPES.contains(type)) {
            String why = type.endsWith("Fast")
                    ? " (fast processors resize with torchvision, not Pillow)" : "";
            throw new GatunException(key + " '" + name + "' is not supported" + why + "; expected one of "
                    + SUPPORTED_TYPES + " (or their FeatureExtractor names)");
        }
        return type;
    }

    /** A {@code size} or {@code crop_size} value in any of Hugging Face's forms. */
    static ImageSize size(String key, Object value, boolean intIsSquare) {
        switch (value) {
            case Long n -> {
                int s = positiveInt(key, n);
                return intIsSquare ? new ImageSize.HeightWidth(s, s) : new ImageSize.ShortestEdge(s);
            }
            case List<?> list when list.size() == 2 -> {
                return new ImageSize.HeightWidth(positiveInt(key + "[0]", list.get(0)),
                        positiveInt(key + "[1]", list.get(1)));
            }
            case Map<?, ?> map -> {
                var keys = map.keySet();
                if (keys.equals(Set.of("height", "width"))) {
                    return new ImageSize.HeightWidth(positiveInt(key + ".height", map.get("height")),
                            positiveInt(key + ".width", map.get("width")));
                }
                if (keys.equals(Set.of("shortest_edge"))) {
                    return new ImageSize.ShortestEdge(positiveInt(key + ".shortest_edge", map.get("shortest_edge")));
                }
                if (keys.equals(Set.of("shortest_edge", "longest_edge"))) {
                    return new ImageSize.ShortestLongestEdge(
                            positiveInt(key + ".shortest_edge", map.get("shortest_edge")),
                            positiveInt(key + ".longest_edge", map.get("longest_edge")));
                }
                throw new GatunException(key + " has keys " + keys + "; expected {height, width}, {shortest_edge}"
                        + " or {shortest_edge, longest_edge}");
            }
            default -> throw new GatunException(key + " must be an integer, [height, width] or an object, got "
                    + Json.describe(value));
        }
    }

    private static int positiveInt(String key, Object value) {
        if (!(value instanceof Long n) || n < 1 || n > Integer.MAX_VALUE) {
            throw new GatunException(key + " must be a positive integer, got " + Json.describe(value));
        }
        return n.intValue();
    }

    /** A float or a list of floats at {@code key}, as {@code image_mean} and {@code image_std} are given. */
    private static List<Double> doubles(Map<String, ?> json, String key, List<Double> defaultValue) {
        Object value = json.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return List.of(n.doubleValue(), n.doubleValue(), n.doubleValue());
        }
        if (!(value instanceof List<?> list)) {
            throw new GatunException(key + " must be a number or a list of 3 numbers, got " + Json.describe(value));
        }
        List<Double> out = new ArrayList<>();
        for (Object v : list) {
            if (!(v instanceof Number n)) {
                throw new GatunException(key + " must hold numbers, got " + Json.describe(v));
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    private static List<Double> channels(String key, List<Double> values) {
        if (values == null || values.size() != 3) {
            throw new GatunException(key + " must have 3 values (R, G, B), got "
                    + (values == null ? "none" : values.size() + ": " + values));
        }
        return List.copyOf(values);
    }
}
