package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named tensors to and from safetensors files, without copying on the way in. */
public final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Every tensor of {@code source} wrapped in place over its memory-mapped bytes, in file order. The
     * tensors stay valid until the source is closed.
     */
    public static Map<String, Tensor> tensors(TensorSource source) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsEntry e : source.entries()) {
            out.put(e.name(), tensor(e, source.path()));
        }
        return out;
    }

    /** One entry as a tensor over its mapped bytes. */
    public static Tensor tensor(SafetensorsEntry e, Path file) {
        return Tensor.wrap(e.data(), e.dtype(), Shape.fromLongs(e.shape(), file + ": tensor '" + e.name() + "'"));
    }

    /** Writes {@code tensors} (made contiguous) to {@code file} atomically. */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<SafetensorsEntry> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            if (t == null) {
                throw new GatunException("tensor '" + e.getKey() + "' is null; cannot write it to " + file);
            }
            Tensor c = t.detach().contiguous();
            long bytes = c.dtype().byteSize(c.numel());
            long start = c.offset() * c.dtype().byteSize();
            int[] s = c.shape();
            long[] shape = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                shape[i] = s[i];
            }
            entries.add(new SafetensorsEntry(e.getKey(), c.dtype(), shape, c.segment().asSlice(start, bytes)));
        }
        SafetensorsWriter.write(file, entries, metadata == null ? Map.of() : metadata);
    }
}
