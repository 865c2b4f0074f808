package dev.gatun.models.vit;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;

/**
 * The weights of 1-D bicubic resampling as PyTorch's
 * {@code F.interpolate(mode="bicubic", align_corners=False)} computes them for a given output
 * {@code size}, as an (out, in) matrix: resampling a signal is then a matrix product, which autograd
 * differentiates like any other. 2-D resampling applies one matrix along each axis (the kernel is
 * separable).
 *
 * <p>Output index {@code o} reads source coordinate {@code s = (o + 0.5) * in / out - 0.5} (not
 * clamped); with {@code f = floor(s)} and {@code t = s - f} the four taps {@code f-1 .. f+2} are each
 * clamped to {@code [0, in-1]} and weighted by Keys' cubic convolution kernel with {@code A = -0.75}:
 *
 * <pre>
 *   w(x) = (A+2)|x|³ - (A+3)|x|² + 1          for |x| <= 1
 *   w(x) = A|x|³ - 5A|x|² + 8A|x| - 4A          for 1 < |x| < 2
 * </pre>
 *
 * Keys, "Cubic convolution interpolation for digital image processing", IEEE TASSP 29(6), 1981; PyTorch
 * {@code aten/src/ATen/native/UpSample.h} ({@code get_cubic_upsample_coefficients}).
 */
final class BicubicResize {
    /** Keys' kernel parameter as PyTorch uses it. */
    static final double A = -0.75;

    private BicubicResize() {
    }

    /** The (out, in) resampling matrix in {@code dtype}; each row sums to 1. */
    static Tensor weights(int in, int out, DType dtype) {
        if (in < 1 || out < 1) {
            throw new GatunException("bicubic resize needs sizes >= 1, got " + in + " -> " + out);
        }
        double[] w = new double[out * in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = (o + 0.5) * scale - 0.5;
            int f = (int) Math.floor(src);
            double t = src - f;
            double[] taps = {outer(t + 1), inner(t), inner(1 - t), outer(2 - t)};
            for (int k = 0; k < 4; k++) {
                int i = Math.clamp(f - 1 + k, 0, in - 1);
                w[o * in + i] += taps[k];
            }
        }
        return Tensor.of(w, out, in).to(dtype);
    }

    /** The kernel for {@code |x| <= 1}. */
    private static double inner(double x) {
        return ((A + 2) * x - (A + 3)) * x * x + 1;
    }

    /** The kernel for {@code 1 < |x| < 2}. */
    private static double outer(double x) {
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    }
}
