package dev.gatun.models.vision;

import dev.gatun.tensor.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fixtures {@code make_image_fixtures.py} writes under {@code src/test/resources/vision}: test
 * images, preprocessor configs, and Pillow/numpy reference arrays in {@code reference.bin}, described
 * by {@code reference.json}.
 */
final class VisionFixtures {

    static final Path ROOT = root();
    private static final Map<String, Object> REFERENCE = Json.parseObject(ROOT.resolve("reference.json"));
    private static final ByteBuffer DATA = readData();

    private VisionFixtures() {
    }

    static Path image(String name) {
        return ROOT.resolve("images").resolve(name);
    }

    static Path config(String name) {
        return ROOT.resolve("configs").resolve(name);
    }

    /** The cases of one kind: "decoded", "resize" or "pipeline". */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases(String kind) {
        return (List<Map<String, Object>>) (List<?>) Json.getList(REFERENCE, kind);
    }

    static int[] shape(String blob) {
        return Json.getList(blob(blob), "shape").stream().mapToInt(v -> ((Long) v).intValue()).toArray();
    }

    static byte[] bytes(String blob) {
        Map<String, Object> b = blob(blob);
        byte[] out = new byte[count(b)];
        DATA.get(Json.getInt(b, "offset"), out);
        return out;
    }

    static float[] floats(String blob) {
        Map<String, Object> b = blob(blob);
        float[] out = new float[count(b)];
        DATA.slice(Json.getInt(b, "offset"), out.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static int[] ints(String blob) {
        Map<String, Object> b = blob(blob);
        int[] out = new int[count(b)];
        DATA.slice(Json.getInt(b, "offset"), out.length * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    /** Pillow's decoded RGB pixels of an image file, as an {@link RgbImage}. */
    static RgbImage pilDecoded(String imageName) {
        for (Map<String, Object> c : cases("decoded")) {
            if (c.get("image").equals(imageName)) {
                return rgb((String) c.get("data"));
            }
        }
        throw new IllegalArgumentException("no decoded fixture for " + imageName);
    }

    /** A (H, W, 3) uint8 blob as an image. */
    static RgbImage rgb(String blob) {
        int[] s = shape(blob);
        return new RgbImage(s[1], s[0], bytes(blob));
    }

    private static int count(Map<String, Object> blob) {
        int n = 1;
        for (Object d : Json.getList(blob, "shape")) {
            n *= ((Long) d).intValue();
        }
        return n;
    }

    private static Map<String, Object> blob(String name) {
        return Json.getObject(Json.getObject(REFERENCE, "blobs"), name);
    }

    private static Path root() {
        URL url = VisionFixtures.class.getResource("/vision/reference.json");
        if (url == null) {
            throw new IllegalStateException("vision fixtures missing from the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteBuffer readData() {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(ROOT.resolve("reference.bin")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
