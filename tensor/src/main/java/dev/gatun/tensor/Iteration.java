package dev.gatun.tensor;

import dev.gatun.tensor.kernels.StridedLoop;

/** Runs a row kernel over tensors broadcast to one shape. */
final class Iteration {
    /** Elements per thread below which a loop stays single-threaded. */
    static final long GRAIN = 1 << 15;

    private Iteration() {
    }

    /** Byte strides of {@code t} viewed with {@code shape}: 0 for dimensions it is broadcast along. */
    static long[] byteStrides(Tensor t, int[] shape) {
        int[] ts = t.shape();
        long[] st = t.strides();
        int lead = shape.length - ts.length;
        long[] out = new long[shape.length];
        int size = t.dtype().byteSize();
        for (int i = 0; i < shape.length; i++) {
            int j = i - lead;
            out[i] = j < 0 || (ts[j] == 1 && shape[i] != 1) ? 0 : st[j] * size;
        }
        return out;
    }

    static void run(int[] shape, StridedLoop.RowKernel kernel, Tensor... operands) {
        long[][] strides = new long[operands.length][];
        long[] offsets = new long[operands.length];
        for (int i = 0; i < operands.length; i++) {
            operands[i].checkAlive();
            strides[i] = byteStrides(operands[i], shape);
            offsets[i] = operands[i].offset() * operands[i].dtype().byteSize();
        }
        StridedLoop.run(shape, strides, offsets, GRAIN, kernel);
    }
}
