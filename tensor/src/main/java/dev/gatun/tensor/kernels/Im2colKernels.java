package dev.gatun.tensor.kernels;

import dev.gatun.tensor.Conv2dGeometry;
import dev.gatun.tensor.DType;
import java.lang.foreign.MemorySegment;

/**
 * Converts between a contiguous (B, C, H, W) image and its contiguous (B, C*kh*kw, outH*outW) patch
 * matrix, so that convolution becomes one matrix product.
 */
public final class Im2colKernels {
    private Im2colKernels() {
    }

    /** Fills {@code cols} from {@code image}; out-of-image taps read as zero. */
    public static void im2col(Conv2dGeometry g, DType t, MemorySegment image, long imageOffset, MemorySegment cols) {
        walk(g, t, image, imageOffset, cols, false);
    }

    /** Adds every patch entry of {@code cols} back onto the image position it was read from. */
    public static void col2im(Conv2dGeometry g, DType t, MemorySegment cols, MemorySegment image) {
        walk(g, t, image, 0, cols, true);
    }

    private static void walk(Conv2dGeometry g, DType t, MemorySegment image, long imageOffset, MemorySegment cols,
                             boolean accumulateIntoImage) {
        int oh = g.outHeight();
        int ow = g.outWidth();
        int kh = g.kernelH();
        int kw = g.kernelW();
        long plane = (long) g.height() * g.width();
        long patches = (long) oh * ow;
        int size = t.byteSize();
        // Each (batch, channel) plane is read or written by one task only, so accumulation needs no locks.
        Parallel.forRange((long) g.batch() * g.channels(), 1, (start, end) -> {
            for (long bc = start; bc < end; bc++) {
                long imageBase = (imageOffset + bc * plane) * size;
                long colBase = bc * kh * kw * patches;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        long row = colBase + (long) (ki * kw + kj) * patches;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * g.strideH() - g.padH() + ki * g.dilationH();
                            for (int x = 0; x < ow; x++) {
                                int ix = x * g.strideW() - g.padW() + kj * g.dilationW();
                                long colAt = (row + (long) y * ow + x) * size;
                                boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                                long imageAt = imageBase + ((long) iy * g.width() + ix) * size;
                                if (accumulateIntoImage) {
                                    if (inside) {
                                        t.setDouble(image, imageAt, t.getDouble(image, imageAt) + t.getDouble(cols, colAt));
                                    }
                                } else {
                                    t.setDouble(cols, colAt, inside ? t.getDouble(image, imageAt) : 0.0);
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
