package dev.gatun.models.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code preprocessor_config.json}: every size form, the processors' defaults, bad values. */
class ImageProcessorConfigTest {

    @Test
    void vitBaseTakesViTDefaultsForAbsentKeys() {
        ImageProcessorConfig c = ImageProcessorConfig.read(VisionFixtures.config("vit_base_patch16_224.json"));
        assertEquals("ViTImageProcessor", c.processorType());
        assertEquals(new ImageSize.HeightWidth(224, 224), c.size());
        assertEquals(Resampling.BILINEAR, c.resample());
        assertFalse(c.doCenterCrop());
        assertTrue(c.doRescale());
        assertEquals(1.0 / 255, c.rescaleFactor());
        assertEquals(List.of(0.5, 0.5, 0.5), c.imageStd());
        assertEquals(c, ImageProcessorConfig.vitDefaults());
        // ViTImageProcessor has no crop step and ignores the key, as Hugging Face's does
        assertFalse(parse("{\"image_processor_type\": \"ViTImageProcessor\", \"do_center_crop\": true}")
                .doCenterCrop());
    }

    @Test
    void deitSquaresAnIntSizeAndCrops() {
        ImageProcessorConfig c = ImageProcessorConfig.read(VisionFixtures.config("deit_base_patch16_224.json"));
        assertEquals("DeiTImageProcessor", c.processorType());
        assertEquals(new ImageSize.HeightWidth(256, 256), c.size());
        assertEquals(Resampling.BICUBIC, c.resample());
        assertTrue(c.doCenterCrop());
        assertEquals(new ImageSize.HeightWidth(224, 224), c.cropSize());
        assertEquals(List.of(0.485, 0.456, 0.406), c.imageMean());
    }

    @Test
    void sizeForms() {
        assertEquals(new ImageSize.ShortestEdge(256),
                ImageProcessorConfig.read(VisionFixtures.config("shortest_edge_256_crop_224.json")).size());
        assertEquals(new ImageSize.ShortestLongestEdge(18, 30),
                ImageProcessorConfig.read(VisionFixtures.config("small_shortest_longest.json")).size());
        assertEquals(new ImageSize.HeightWidth(26, 19),
                ImageProcessorConfig.read(VisionFixtures.config("small_nearest_crop.json")).size());
        // an int is a shortest edge for CLIP and BiT
        assertEquals(new ImageSize.ShortestEdge(100), parse("{\"image_processor_type\": \"CLIPImageProcessor\","
                + " \"size\": 100}").size());
        // (height, width) from shortest edge 256: 300 high, 5 wide -> width 256, height int(256 * 300 / 5)
        assertEquals(new ImageSize.Dims(15360, 256), new ImageSize.ShortestEdge(256).outputSize(300, 5));
        assertEquals(new ImageSize.Dims(256, 411), new ImageSize.ShortestEdge(256).outputSize(23, 37));
        // longest edge caps: 23x37 with (18, 30): 37 / 23 * 18 = 28.96 <= 30 -> (18, int(18 * 37 / 23) = 28)
        assertEquals(new ImageSize.Dims(18, 28), new ImageSize.ShortestLongestEdge(18, 30).outputSize(23, 37));
        // 10x100 with (18, 30): raw = 30 * 10 / 100 = 3 -> (3, int(3.0 * 100 / 10) = 30)
        assertEquals(new ImageSize.Dims(3, 30), new ImageSize.ShortestLongestEdge(18, 30).outputSize(10, 100));
    }

    @Test
    void unsupportedProcessorTypesAreNamed() {
        GatunException e = assertThrows(GatunException.class,
                () -> parse("{\"image_processor_type\": \"ConvNextImageProcessor\"}"));
        assertEquals("image_processor_type 'ConvNextImageProcessor' is not supported; expected one of"
                + " [ViTImageProcessor, DeiTImageProcessor, BitImageProcessor, CLIPImageProcessor]"
                + " (or their FeatureExtractor names)", e.getMessage());
        e = assertThrows(GatunException.class, () -> parse("{\"image_processor_type\": \"ViTImageProcessorFast\"}"));
        assertTrue(e.getMessage().contains("(fast processors resize with torchvision, not Pillow)"), e.getMessage());
        e = assertThrows(GatunException.class, () -> parse("{\"do_resize\": true}"));
        assertTrue(e.getMessage().startsWith("names no image_processor_type or feature_extractor_type"),
                e.getMessage());
    }

    @Test
    void badValuesAreNamedWithExpectedAndActual(@TempDir Path dir) throws Exception {
        String vit = "{\"image_processor_type\": \"ViTImageProcessor\", ";
        assertMessage("resample 9 is not a Pillow filter; expected one of [0 (nearest), 1 (lanczos), 2 (bilinear),"
                + " 3 (bicubic), 4 (box), 5 (hamming)]", vit + "\"resample\": 9}");
        assertMessage("size has keys [longest_edge]; expected {height, width}, {shortest_edge} or"
                + " {shortest_edge, longest_edge}", vit + "\"size\": {\"longest_edge\": 5}}");
        assertMessage("size.height must be a positive integer, got integer 0", vit
                + "\"size\": {\"height\": 0, \"width\": 3}}");
        assertMessage("size must be an integer, [height, width] or an object, got string \"big\"",
                vit + "\"size\": \"big\"}");
        assertMessage("crop_size must be an integer, [height, width] or {height, width}, got an object of 1 keys",
                "{\"image_processor_type\": \"DeiTImageProcessor\", \"crop_size\": {\"shortest_edge\": 5}}");
        assertMessage("image_mean must have 3 values (R, G, B), got 2: [0.5, 0.5]", vit + "\"image_mean\": [0.5, 0.5]}");
        assertMessage("image_std must hold finite non-zero values, got [0.5, 0.0, 0.5]",
                vit + "\"image_std\": [0.5, 0, 0.5]}");
        assertMessage("JSON key \"do_resize\": expected a boolean but found string \"yes\"",
                vit + "\"do_resize\": \"yes\"}");
        // from a file, the message names the file
        Path file = dir.resolve("preprocessor_config.json");
        Files.writeString(file, vit + "\"resample\": 9}");
        GatunException e = assertThrows(GatunException.class, () -> ImageProcessorConfig.read(dir));
        assertTrue(e.getMessage().startsWith(file + ": resample 9 is not a Pillow filter"), e.getMessage());
        GatunException missing = assertThrows(GatunException.class,
                () -> ImageProcessorConfig.read(dir.resolve("nothing")));
        assertEquals(dir.resolve("nothing") + ": no such file; an image model folder needs a"
                + " preprocessor_config.json", missing.getMessage());
    }

    private static void assertMessage(String expected, String json) {
        GatunException e = assertThrows(GatunException.class, () -> parse(json));
        assertEquals(expected, e.getMessage());
    }

    private static ImageProcessorConfig parse(String json) {
        return ImageProcessorConfig.fromJson(Json.parseObject(json));
    }
}
