package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Conv1d and Conv2d against the definition of convolution as nested loops. */
class ConvTest {
    /**
     * The definition: out[b, o, y, x] = bias[o] + sum over the group's input channels c and kernel taps of
     * in[b, c, y*sh - ph + i*dh, x*sw - pw + j*dw] * weight[o, c - group start, i, j], zero outside.
     */
    static double[] reference(double[] in, int[] inShape, double[] w, int[] wShape, double[] bias, int[] stride,
                              int[] pad, int[] dil, int groups, int outH, int outW) {
        int batch = inShape[0];
        int cin = inShape[1];
        int h = inShape[2];
        int wd = inShape[3];
        int cout = wShape[0];
        int cinPerGroup = wShape[1];
        int kh = wShape[2];
        int kw = wShape[3];
        int coutPerGroup = cout / groups;
        double[] out = new double[batch * cout * outH * outW];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < cout; o++) {
                int g = o / coutPerGroup;
                for (int y = 0; y < outH; y++) {
                    for (int x = 0; x < outW; x++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cinPerGroup; c++) {
                            int ci = g * cinPerGroup + c;
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * stride[0] - pad[0] + i * dil[0];
                                    int ix = x * stride[1] - pad[1] + j * dil[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += in[((b * cin + ci) * h + iy) * wd + ix]
                                                * w[((o * cinPerGroup + c) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }
                        out[((b * cout + o) * outH + y) * outW + x] = acc;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "cin={0} cout={1} k={2}x{3} stride={4}x{5} pad={6}x{7} dil={8}x{9} groups={10} bias={11}")
    @CsvSource({
        "4, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2, true",
        "3, 5, 2, 3, 1, 2, 0, 1, 2, 1, 1, true",
        "4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4, false",
        "2, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, true",
    })
    void conv2dMatchesNestedLoops(int cin, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                                  int groups, boolean bias) {
        SplittableRandom rng = new SplittableRandom(cin * 31 + cout);
        int[] stride = {sh, sw};
        int[] pad = {ph, pw};
        int[] dil = {dh, dw};
        Conv2d conv = new Conv2d(cin, cout, new int[] {kh, kw}, stride, pad, dil, groups, bias, rng);
        int[] inShape = {2, cin, 7, 6};
        Tensor x = Tensor.randn(rng, DType.F32, inShape);
        Tensor y = conv.forward(x);
        int outH = (7 + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        int outW = (6 + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        assertArrayEquals(new int[] {2, cout, outH, outW}, y.shape());
        double[] expected = reference(x.toDoubleArray(), inShape, conv.weight().toDoubleArray(), conv.weight().shape(),
                bias ? conv.bias().toDoubleArray() : null, stride, pad, dil, groups, outH, outW);
        assertArrayEquals(expected, y.toDoubleArray(), 1e-5);
    }

    @Test
    void conv2dInitUsesTheFanInOfOneGroup() {
        Conv2d conv = new Conv2d(8, 4, 3, 1, 1, 1, 2, true, new SplittableRandom(0));
        assertArrayEquals(new int[] {4, 4, 3, 3}, conv.weight().shape());
        double bound = 1 / Math.sqrt(4 * 3 * 3);
        double max = 0;
        for (double v : conv.weight().toDoubleArray()) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= bound && max > 0.8 * bound, "max |w| = " + max + ", bound " + bound);
    }

    @Test
    void depthwiseCausalConv1dMatchesLoops() {
        // Mamba's short convolution: groups = channels, padding k - 1, keep the first L outputs.
        SplittableRandom rng = new SplittableRandom(3);
        int channels = 3;
        int k = 4;
        int len = 9;
        Conv1d conv = new Conv1d(channels, channels, k, 1, k - 1, 1, channels, true, rng);
        Tensor x = Tensor.randn(rng, DType.F32, 2, channels, len);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {2, channels, len + k - 1}, y.shape());
        double[] xs = x.toDoubleArray();
        double[] w = conv.weight().toDoubleArray();
        double[] b = conv.bias().toDoubleArray();
        double[] ys = y.toDoubleArray();
        for (int bi = 0; bi < 2; bi++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < len; t++) {
                    double acc = b[c];
                    for (int j = 0; j < k; j++) {
                        int src = t - (k - 1) + j;      // only the present and the past
                        if (src >= 0) {
                            acc += xs[(bi * channels + c) * len + src] * w[c * k + j];
                        }
                    }
                    assertEquals(acc, ys[(bi * channels + c) * (len + k - 1) + t], 1e-5);
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        SplittableRandom rng = new SplittableRandom(0);
        assertThrows(GatunException.class, () -> new Conv2d(3, 4, 3, 1, 0, 1, 2, true, rng));
        assertThrows(GatunException.class, () -> new Conv1d(2, 2, 0, rng));
        Conv2d conv = new Conv2d(3, 4, 3, rng);
        GatunException e = assertThrows(GatunException.class, () -> conv.forward(Tensor.zeros(1, 2, 5, 5)));
        assertTrue(e.getMessage().contains("(B, 3, H, W)"), e.getMessage());
        assertEquals(4, conv.bias().numel());
    }
}
