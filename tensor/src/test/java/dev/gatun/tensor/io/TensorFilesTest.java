package dev.gatun.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {
    @TempDir
    Path dir;

    @Test
    void savesViewsAndLoadsThemBackWithoutCopying() {
        Random rng = new Random(3);
        Tensor base = Tensor.randn(rng, DType.F32, 5, 7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("transposed", base.mT());                 // non-contiguous: written as its values
        tensors.put("narrowed", base.narrow(0, 2, 3));         // offset view
        tensors.put("ids", Tensor.of(new long[] {3, -1, 1L << 60}));
        tensors.put("half", base.to(DType.BF16));
        Path file = dir.resolve("t.safetensors");
        TensorFiles.save(file, tensors, Map.of("k", "v"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, Tensor> loaded = TensorFiles.tensors(f);
            assertEquals(List.of("transposed", "narrowed", "ids", "half").stream().sorted().toList(),
                    loaded.keySet().stream().sorted().toList());
            for (String name : tensors.keySet()) {
                Tensor want = tensors.get(name);
                Tensor got = loaded.get(name);
                assertArrayEquals(want.shape(), got.shape(), name);
                assertEquals(want.dtype(), got.dtype(), name);
                assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0.0, name);
            }
            Tensor mapped = loaded.get("narrowed");
            assertTrue(mapped.segment().isMapped(), "loaded tensors wrap the mapped file");
            assertEquals("v", f.metadata().get("k"));
        }
    }
}
