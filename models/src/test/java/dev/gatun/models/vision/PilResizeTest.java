package dev.gatun.models.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link PilResize} against Pillow 9.4's {@code Image.resize} on the same RGB pixels, every filter. */
class PilResizeTest {

    @Test
    void everyFilterAndSizeIsBitIdenticalToPillow() {
        // mismatching bytes per filter, over every case of that filter
        Map<String, Integer> mismatches = new TreeMap<>();
        Map<String, Integer> casesPerFilter = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (Map<String, Object> c : VisionFixtures.cases("resize")) {
            String image = (String) c.get("image");
            Resampling filter = Resampling.ofPil(((Long) c.get("resample")).intValue());
            int width = ((Long) c.get("width")).intValue();
            int height = ((Long) c.get("height")).intValue();
            RgbImage expected = VisionFixtures.rgb((String) c.get("data"));
            RgbImage actual = PilResize.resize(VisionFixtures.pilDecoded(image), width, height, filter);
            assertEquals(width, actual.width());
            assertEquals(height, actual.height());
            int bad = 0;
            for (int i = 0; i < expected.pixels().length; i++) {
                if (expected.pixels()[i] != actual.pixels()[i]) {
                    bad++;
                }
            }
            mismatches.merge(filter.name(), bad, Integer::sum);
            casesPerFilter.merge(filter.name(), 1, Integer::sum);
            if (bad > 0) {
                failed.add(image + " " + filter + " " + width + "x" + height + ": " + bad + " bytes differ");
            }
        }
        assertEquals(6, casesPerFilter.size(), "every filter has cases: " + casesPerFilter);
        assertTrue(failed.isEmpty(), "mismatching bytes per filter " + mismatches + " in " + failed);
    }

    @Test
    void resizeToZeroIsAnError() {
        RgbImage image = RgbImage.black(4, 4);
        GatunException e = assertThrows(GatunException.class, () -> PilResize.resize(image, 0, 3, Resampling.BILINEAR));
        assertEquals("resize target must be at least 1x1, got 0x3 (from a 4x4 image)", e.getMessage());
    }

    @Test
    void resizeBeyondOneArrayIsAnError() {
        RgbImage image = RgbImage.black(2, 2);
        GatunException e = assertThrows(GatunException.class,
                () -> PilResize.resize(image, 1_000_000, 1_000, Resampling.BICUBIC));
        assertEquals("a 1000000x1000 RGB image (3000000000 bytes) is larger than the 2 GiB an image may take",
                e.getMessage());
    }

    @Test
    void unknownPillowFilterIsAnError() {
        GatunException e = assertThrows(GatunException.class, () -> Resampling.ofPil(7));
        assertTrue(e.getMessage().startsWith("resample 7 is not a Pillow filter; expected one of [0 (nearest)"),
                e.getMessage());
    }
}
