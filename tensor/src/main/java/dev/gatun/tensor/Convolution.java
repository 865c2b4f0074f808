package dev.gatun.tensor;

import dev.gatun.tensor.kernels.Im2colKernels;

/** Convolutions, composed from the im2col primitive and a batched matrix product. */
final class Convolution {
    private Convolution() {
    }

    /** Patches of a (B, C, H, W) input as a (B, C*kh*kw, outH*outW) matrix. */
    static Tensor im2col(Tensor x, Conv2dGeometry g) {
        Tensor in = x.detach().contiguous();
        Tensor cols = Tensor.zeros(x.dtype(), g.batch(), g.channels() * g.kernelH() * g.kernelW(),
                g.outHeight() * g.outWidth());
        Im2colKernels.im2col(g, x.dtype(), in.segment(), in.offset(), cols.segment());
        return Autograd.record(cols, new Node.Im2col(x, g));
    }

    /** The adjoint of {@link #im2col}: patch gradients summed back onto the image. */
    static Tensor col2im(Tensor cols, Conv2dGeometry g, DType type) {
        Tensor c = cols.detach().to(type).contiguousCopy();
        Tensor image = Tensor.zeros(type, g.batch(), g.channels(), g.height(), g.width());
        Im2colKernels.col2im(g, type, c.segment(), image.segment());
        return image;
    }

    /**
     * 2-D convolution of x (B, Cin, H, W) with weight (Cout, Cin/groups, kh, kw) and optional bias (Cout).
     * {@code stride}, {@code padding}, {@code dilation} are (h, w) pairs.
     */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        if (x.rank() != 4 || weight.rank() != 4) {
            throw new GatunException("conv2d needs input (B, C, H, W) and weight (Cout, Cin/groups, kh, kw), got "
                    + Shape.toString(x.shape()) + " and " + Shape.toString(weight.shape()));
        }
        int cin = x.size(1);
        int cout = weight.size(0);
        if (groups < 1 || cin % groups != 0 || cout % groups != 0 || weight.size(1) * groups != cin) {
            throw new GatunException("conv2d: input has " + cin + " channels and weight " + Shape.toString(weight.shape())
                    + "; with groups = " + groups + " the weight's second size must be " + (cin / Math.max(1, groups))
                    + " and both channel counts divisible by groups");
        }
        if (bias != null && (bias.rank() != 1 || bias.size(0) != cout)) {
            throw new GatunException("conv2d bias must have shape [" + cout + "], got " + Shape.toString(bias.shape()));
        }
        checkPair("stride", stride);
        checkPair("padding", padding);
        checkPair("dilation", dilation);
        Conv2dGeometry g = new Conv2dGeometry(x.size(0), cin, x.size(2), x.size(3), weight.size(2), weight.size(3),
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
        int patch = cin / groups * g.kernelH() * g.kernelW();
        int positions = g.outHeight() * g.outWidth();
        Tensor cols = im2col(x, g).reshape(g.batch(), groups, patch, positions);        // (B, G, Cin/G*kh*kw, L)
        Tensor w = weight.reshape(groups, cout / groups, patch);                           // (G, Cout/G, Cin/G*kh*kw)
        Tensor out = w.matmul(cols).reshape(g.batch(), cout, g.outHeight(), g.outWidth()); // (B, Cout, outH, outW)
        return bias == null ? out : out.add(bias.reshape(1, cout, 1, 1));
    }

    private static void checkPair(String name, int[] pair) {
        if (pair == null || pair.length != 2) {
            throw new GatunException("conv2d " + name + " must be an (h, w) pair, got "
                    + java.util.Arrays.toString(pair));
        }
    }

    /** 1-D convolution of x (B, Cin, L) with weight (Cout, Cin/groups, k). */
    static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.rank() != 3 || weight.rank() != 3) {
            throw new GatunException("conv1d needs input (B, C, L) and weight (Cout, Cin/groups, k), got "
                    + Shape.toString(x.shape()) + " and " + Shape.toString(weight.shape()));
        }
        Tensor out = conv2d(x.unsqueeze(2), weight.unsqueeze(2), bias, new int[] {1, stride}, new int[] {0, padding},
                new int[] {1, dilation}, groups);
        return out.squeeze(2);
    }
}
