package dev.gatun.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A weight matrix (rows, cols) in one of ggml's block-quantized formats (ggml-common.h), stored row by
 * row, 32 weights per block:
 *
 * <ul>
 *   <li>{@link Format#Q8_0}: {@code ggml_half d; int8_t qs[32];} (34 bytes), weight {@code = d · qs[i]};</li>
 *   <li>{@link Format#Q4_0}: {@code ggml_half d; uint8_t qs[16];} (18 bytes); byte {@code j} holds weight
 *       {@code j} in its low nibble and weight {@code j + 16} in its high nibble, each stored plus 8:
 *       weight {@code = d · (nibble − 8)}.</li>
 * </ul>
 *
 * {@link #dequantize()} is the plain reference that quantized kernels are tested against; {@link #quantize}
 * follows ggml's reference quantizers ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref}).
 *
 * {@snippet :
 * Quantized w = Quantized.quantize(Quantized.Format.Q8_0, weight);   // weight (out, in) F32
 * Tensor y = w.linear(x);                                              // x (m, in) -> (m, out) = x · Wᵀ
 * }
 */
public record Quantized(Format format, MemorySegment data, int rows, int cols) {
    /** Weights per block in every format. */
    public static final int BLOCK = 32;

    /** A block layout and its size in bytes. */
    public enum Format {
        Q8_0(34),
        Q4_0(18);

        private final int blockBytes;

        Format(int blockBytes) {
            this.blockBytes = blockBytes;
        }

        public int blockBytes() {
            return blockBytes;
        }
    }

    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED;

    public Quantized {
        if (format == null || data == null) {
            throw new GatunException("a quantized matrix needs a format and its data");
        }
        if (rows < 0 || cols < 0 || cols % BLOCK != 0) {
            throw new GatunException(format + " matrix of " + rows + " x " + cols + ": rows must be >= 0 and columns a"
                    + " multiple of " + BLOCK);
        }
        long need = (long) rows * (cols / BLOCK) * format.blockBytes();
        if (data.byteSize() != need) {
            throw new GatunException(format + " matrix of " + rows + " x " + cols + " takes " + need + " bytes, got "
                    + data.byteSize());
        }
    }

    /** Bytes of one row. */
    public long rowBytes() {
        return (long) (cols / BLOCK) * format.blockBytes();
    }

    /** The weights as an F32 tensor (rows, cols). */
    public Tensor dequantize() {
        Tensor out = Tensor.zeros(DType.F32, rows, cols);
        MemorySegment o = out.segment();
        float[] block = new float[BLOCK];
        for (long r = 0; r < rows; r++) {
            for (int b = 0; b < cols / BLOCK; b++) {
                long at = r * rowBytes() + (long) b * format.blockBytes();
                decode(at, block);
                MemorySegment.copy(block, 0, o, ValueLayout.JAVA_FLOAT_UNALIGNED, (r * cols + (long) b * BLOCK) * 4, BLOCK);
            }
        }
        return out;
    }

    private void decode(long at, float[] out) {
        float d = Float.float16ToFloat(data.get(HALF, at));
        if (format == Format.Q8_0) {
            for (int i = 0; i < BLOCK; i++) {
                out[i] = d * data.get(ValueLayout.JAVA_BYTE, at + 2 + i);
            }
        } else {
            for (int j = 0; j < BLOCK / 2; j++) {
                int q = data.get(ValueLayout.JAVA_BYTE, at + 2 + j) & 0xFF;
                out[j] = d * ((q & 0x0F) - 8);
                out[j + BLOCK / 2] = d * ((q >> 4) - 8);
            }
        }
    }

    /** {@code x · Wᵀ} for x (..., cols): the reference for quantized matrix-vector kernels. */
    public Tensor linear(Tensor x) {
        return x.matmul(dequantize().mT());
    }

    /** Quantizes {@code w} (rows, cols), cols a multiple of 32, into memory of the current scope. */
    public static Quantized quantize(Format format, Tensor w) {
        if (w.rank() != 2 || w.size(1) % BLOCK != 0) {
            throw new GatunException("quantize needs a matrix with a multiple of " + BLOCK + " columns, got "
                    + Shape.toString(w.shape()));
        }
        int rows = w.size(0);
        int cols = w.size(1);
        long bytes = (long) rows * (cols / BLOCK) * format.blockBytes();
        MemorySegment data = Scope.allocate(Scope.current(), bytes).asSlice(0, bytes);
        float[] values = w.toFloatArray();
        float[] block = new float[BLOCK];
        long at = 0;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < cols / BLOCK; b++) {
                System.arraycopy(values, r * cols + b * BLOCK, block, 0, BLOCK);
                if (format == Format.Q8_0) {
                    encodeQ8(block, data, at);
                } else {
                    encodeQ4(block, data, at);
                }
                at += format.blockBytes();
            }
        }
        return new Quantized(format, data, rows, cols);
    }

    private static void encodeQ8(float[] x, MemorySegment out, long at) {
        float amax = 0;
        for (float v : x) {
            amax = Math.max(amax, Math.abs(v));
        }
        float d = amax / 127;
        float id = d != 0 ? 1 / d : 0;
        out.set(HALF, at, Float.floatToFloat16(d));
        for (int i = 0; i < BLOCK; i++) {
            out.set(ValueLayout.JAVA_BYTE, at + 2 + i, (byte) Math.round(x[i] * id));
        }
    }

    private static void encodeQ4(float[] x, MemorySegment out, long at) {
        float amax = 0;
        float max = 0;
        for (float v : x) {
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1 / d : 0;
        out.set(HALF, at, Float.floatToFloat16(d));
        for (int j = 0; j < BLOCK / 2; j++) {
            int q0 = Math.min(15, (byte) (x[j] * id + 8.5f));
            int q1 = Math.min(15, (byte) (x[j + BLOCK / 2] * id + 8.5f));
            out.set(ValueLayout.JAVA_BYTE, at + 2 + j, (byte) (q0 | (q1 << 4)));
        }
    }
}
