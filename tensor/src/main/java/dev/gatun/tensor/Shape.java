package dev.gatun.tensor;

import java.util.Arrays;

/** Static helpers for shapes (int[] of sizes) and strides (long[] of element steps). */
public final class Shape {
    private Shape() {
    }

    /** Number of elements of a shape; 1 for a scalar (empty shape). */
    public static long numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            try {
                n = Math.multiplyExact(n, (long) s);
            } catch (ArithmeticException e) {
                throw new GatunException("shape " + toString(shape) + " has more elements than fit in a long");
            }
        }
        return n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static long[] contiguousStrides(int[] shape) {
        long[] strides = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = step;
            step *= Math.max(1, shape[i]);
        }
        return strides;
    }

    /** Validates sizes (non-negative) and returns a defensive copy. */
    public static int[] checked(int... shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new GatunException("shape " + Arrays.toString(shape) + " has a negative size");
            }
        }
        return shape.clone();
    }

    /** Converts a shape given as longs (from a file header) to ints, refusing sizes past int range. */
    public static int[] fromLongs(long[] shape, String what) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new GatunException(what + ": size " + shape[i] + " of dimension " + i
                        + " is outside 0.." + Integer.MAX_VALUE);
            }
            out[i] = (int) shape[i];
        }
        return out;
    }

    /** A dimension index that may be negative (counting from the end), checked against the rank. */
    public static int normalizeDim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new GatunException("dimension " + dim + " is out of range for a tensor of rank " + rank
                    + " (expected " + (-rank) + ".." + (rank - 1) + ")");
        }
        return d;
    }

    /** The shape both operands broadcast to, following NumPy/PyTorch rules. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new GatunException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast together (dimension " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    public static String toString(int[] shape) {
        return Arrays.toString(shape);
    }
}
