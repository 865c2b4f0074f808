package dev.gatun.tensor;

/**
 * The sliding-window geometry of a 2-D convolution over a (B, C, H, W) input: kernel size, stride,
 * zero padding and dilation per spatial dimension, and the output size they give.
 */
public record Conv2dGeometry(int batch, int channels, int height, int width,
                             int kernelH, int kernelW, int strideH, int strideW,
                             int padH, int padW, int dilationH, int dilationW) {
    public Conv2dGeometry {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1
                || padH < 0 || padW < 0) {
            throw new GatunException("convolution needs kernel, stride and dilation >= 1 and padding >= 0, got kernel "
                    + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW
                    + ", dilation " + dilationH + "x" + dilationW);
        }
        if (outHeight(height, kernelH, strideH, padH, dilationH) < 1 || outHeight(width, kernelW, strideW, padW, dilationW) < 1) {
            throw new GatunException("convolution input " + height + "x" + width + " (with padding " + padH + "x" + padW
                    + ") is smaller than the kernel " + kernelH + "x" + kernelW + " (dilation " + dilationH + "x" + dilationW + ")");
        }
    }

    private static int outHeight(int size, int kernel, int stride, int pad, int dilation) {
        return Math.floorDiv(size + 2 * pad - dilation * (kernel - 1) - 1, stride) + 1;
    }

    public int outHeight() {
        return outHeight(height, kernelH, strideH, padH, dilationH);
    }

    public int outWidth() {
        return outHeight(width, kernelW, strideW, padW, dilationW);
    }
}
