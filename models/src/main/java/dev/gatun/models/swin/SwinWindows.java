package dev.gatun.models.swin;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The window arithmetic of Swin: padding a token grid to whole windows, the cyclic shift, window
 * partition and its reverse, and the constant tensors attention needs (relative position indices,
 * the shifted-window mask, Swin v2's relative coordinates table).
 *
 * <p>The constants depend only on the geometry, so they are built once per geometry and kept in
 * garbage-collected memory, outside any {@link dev.gatun.tensor.Scope}, shared read-only by every
 * block and thread.
 */
public final class SwinWindows {
    /** Hugging Face's additive value for token pairs from different regions of a shifted window. */
    public static final double MASK_VALUE = -100.0;
    private static final int CACHE_LIMIT = 256;
    private static final Map<Object, Tensor> CACHE = new ConcurrentHashMap<>();

    private SwinWindows() {
    }

    /**
     * Where one block's windows lie on a (height, width) token grid.
     *
     * @param window the window side in tokens
     * @param shift the cyclic shift, 0 for plain windows
     */
    public record Geometry(int height, int width, int window, int shift) {
        public Geometry {
            if (height < 1 || width < 1 || window < 1 || shift < 0 || shift >= window) {
                throw new GatunException("Swin window geometry needs a positive grid and window and 0 <= shift <"
                        + " window, got grid " + height + "x" + width + ", window " + window + ", shift " + shift);
            }
        }

        /** The grid height padded up to whole windows. */
        public int paddedHeight() {
            return ceil(height, window);
        }

        /** The grid width padded up to whole windows. */
        public int paddedWidth() {
            return ceil(width, window);
        }

        /** Windows per image. */
        public int numWindows() {
            return (paddedHeight() / window) * (paddedWidth() / window);
        }

        /** Tokens per window (N). */
        public int tokens() {
            return window * window;
        }

        private static int ceil(int n, int w) {
            return (n + w - 1) / w * w;
        }
    }

    /**
     * Tokens (B, H*W, C) on the geometry's grid to windows (B*nW, N, C): zero-pad right and bottom to
     * whole windows, roll by (-shift, -shift), then cut into windows ordered (batch, window row,
     * window column), tokens row-major inside each.
     */
    public static Tensor partition(Tensor tokens, Geometry g) {
        int b = tokens.size(0);
        int c = tokens.size(2);
        int w = g.window();
        Tensor x = tokens.reshape(b, g.height(), g.width(), c);                // (B, H, W, C)
        int padH = g.paddedHeight() - g.height();
        int padW = g.paddedWidth() - g.width();
        if (padH > 0 || padW > 0) {
            x = Functional.pad(x, new int[] {0, 0, 0, padW, 0, padH}, 0.0);    // (B, Hp, Wp, C)
        }
        if (g.shift() > 0) {
            x = Functional.roll(Functional.roll(x, -g.shift(), 1), -g.shift(), 2);
        }
        int hw = g.paddedHeight() / w;
        int ww = g.paddedWidth() / w;
        return x.reshape(b, hw, w, ww, w, c)                                  // (B, Hp/w, w, Wp/w, w, C)
                .permute(0, 1, 3, 2, 4, 5)                                     // (B, Hp/w, Wp/w, w, w, C)
                .reshape(b * hw * ww, w * w, c);                               // (B*nW, N, C)
    }

    /** The inverse of {@link #partition}: windows (B*nW, N, C) back to tokens (B, H*W, C), padding cut off. */
    public static Tensor reverse(Tensor windows, Geometry g) {
        int c = windows.size(2);
        int w = g.window();
        int hw = g.paddedHeight() / w;
        int ww = g.paddedWidth() / w;
        int b = windows.size(0) / (hw * ww);
        Tensor x = windows.reshape(b, hw, ww, w, w, c)                        // (B, Hp/w, Wp/w, w, w, C)
                .permute(0, 1, 3, 2, 4, 5)                                     // (B, Hp/w, w, Wp/w, w, C)
                .reshape(b, g.paddedHeight(), g.paddedWidth(), c);             // (B, Hp, Wp, C)
        if (g.shift() > 0) {
            x = Functional.roll(Functional.roll(x, g.shift(), 1), g.shift(), 2);
        }
        if (g.paddedHeight() != g.height() || g.paddedWidth() != g.width()) {
            x = x.narrow(1, 0, g.height()).narrow(2, 0, g.width());
        }
        return x.reshape(b, g.height() * g.width(), c);                       // (B, H*W, C)
    }

    /**
     * For tokens i and j of a window (row-major), the row of the relative-position table holding their
     * bias: {@code (hi - hj + w - 1) * (2w - 1) + (wi - wj + w - 1)}. I64, shape (N*N), cached.
     */
    public static Tensor relativePositionIndex(int window) {
        return cached(new IndexKey(window), () -> {
            int n = window * window;
            long[] index = new long[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int dh = i / window - j / window + window - 1;
                    int dw = i % window - j % window + window - 1;
                    index[i * n + j] = (long) dh * (2 * window - 1) + dw;
                }
            }
            return constant(index, n * n);
        });
    }

    /**
     * The shifted-window mask on the padded grid: each padded-grid position gets one of nine region
     * labels (rows {@code [0, Hp-w)}, {@code [Hp-w, Hp-shift)}, {@code [Hp-shift, Hp)}, the same for
     * columns); a pair of tokens of one window whose labels differ gets {@code value}, others 0.
     * F32, shape (nW, 1, N, N) to broadcast over heads; null when the geometry has no shift.
     */
    public static Tensor shiftMask(Geometry g, double value) {
        if (g.shift() == 0) {
            return null;
        }
        return cached(new MaskKey(g, value), () -> {
            int w = g.window();
            int hp = g.paddedHeight();
            int wp = g.paddedWidth();
            int n = g.tokens();
            int windowsAcross = wp / w;
            float[] mask = new float[g.numWindows() * n * n];
            int[] labels = new int[n];
            for (int win = 0; win < g.numWindows(); win++) {
                int top = (win / windowsAcross) * w;
                int left = (win % windowsAcross) * w;
                for (int t = 0; t < n; t++) {
                    labels[t] = 3 * region(top + t / w, hp, w, g.shift()) + region(left + t % w, wp, w, g.shift());
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        mask[(win * n + i) * n + j] = labels[i] == labels[j] ? 0f : (float) value;
                    }
                }
            }
            return constant(mask, g.numWindows(), 1, n, n);
        });
    }

    private static int region(int p, int size, int window, int shift) {
        return p < size - window ? 0 : p < size - shift ? 1 : 2;
    }

    /**
     * Swin v2's table of relative coordinates ((2w-1)^2, 2), row-major over (dh, dw) in
     * {@code [-(w-1), w-1]^2}: each divided by {@code pretrained - 1} (or {@code w - 1} when pretrained
     * is 0 and w > 1), times 8, mapped to {@code sign(u) log2(1 + |u|) / 3}. F32, cached.
     */
    public static Tensor relativeCoordsTable(int window, int pretrained) {
        return cached(new CoordsKey(window, pretrained), () -> {
            int side = 2 * window - 1;
            double scale = pretrained > 0 ? pretrained - 1 : window > 1 ? window - 1 : 1;
            float[] table = new float[side * side * 2];
            for (int a = 0; a < side; a++) {
                for (int b = 0; b < side; b++) {
                    // HF divides and multiplies in F32, then takes log2 in F32; do the same steps.
                    table[(a * side + b) * 2] = logScaled((float) (a - (window - 1)), (float) scale);
                    table[(a * side + b) * 2 + 1] = logScaled((float) (b - (window - 1)), (float) scale);
                }
            }
            return constant(table, side * side, 2);
        });
    }

    private static float logScaled(float coordinate, float scale) {
        float u = coordinate / scale * 8f;
        float log = (float) (Math.log(Math.abs(u) + 1f) / Math.log(2));
        return Math.signum(u) * log / 3f;
    }

    private record IndexKey(int window) {
    }

    private record MaskKey(Geometry geometry, double value) {
    }

    private record CoordsKey(int window, int pretrained) {
    }

    private static Tensor cached(Object key, java.util.function.Supplier<Tensor> build) {
        Tensor t = CACHE.get(key);
        if (t != null) {
            return t;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        return CACHE.computeIfAbsent(key, k -> build.get());
    }

    /** A tensor in garbage-collected memory, independent of the scope current on this thread. */
    private static Tensor constant(float[] values, int... shape) {
        MemorySegment data = Arena.ofAuto().allocate((long) values.length * Float.BYTES, 64);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, values.length);
        return Tensor.wrap(data, DType.F32, shape);
    }

    private static Tensor constant(long[] values, int... shape) {
        MemorySegment data = Arena.ofAuto().allocate((long) values.length * Long.BYTES, 64);
        MemorySegment.copy(values, 0, data, ValueLayout.JAVA_LONG_UNALIGNED, 0, values.length);
        return Tensor.wrap(data, DType.I64, shape);
    }
}
