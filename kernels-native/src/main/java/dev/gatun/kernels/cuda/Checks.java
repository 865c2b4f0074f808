package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import java.util.Arrays;

/**
 * The checks every entry point makes before libgatun_cuda sees a call: operands present, of the right
 * dtype and shape, outputs distinct from inputs, then a usable device and open buffers. Each failure is a
 * {@link GatunException} naming the kernel and the operand.
 */
final class Checks {
    private Checks() {
    }

    static void present(String kernel, String name, CudaTensor t) {
        if (t == null) {
            throw new GatunException(kernel + ": " + name + " must be given");
        }
    }

    static void dtype(String kernel, String name, CudaTensor t, DType... allowed) {
        present(kernel, name, t);
        for (DType d : allowed) {
            if (t.dtype() == d) {
                return;
            }
        }
        throw new GatunException(kernel + ": " + name + " must be " + (allowed.length == 1 ? allowed[0]
                : "one of " + Arrays.toString(allowed)) + ", got " + t.dtype());
    }

    static void shape(String kernel, String name, CudaTensor t, int... expected) {
        present(kernel, name, t);
        if (!Arrays.equals(t.shape(), expected)) {
            throw new GatunException(kernel + ": " + name + " must have shape " + Shape.toString(expected) + ", got "
                    + Shape.toString(t.shape()));
        }
    }

    /** An F32 operand of the given shape, or absent when {@code optional} and null. */
    static void f32(String kernel, String name, CudaTensor t, boolean optional, int... expected) {
        if (t == null && optional) {
            return;
        }
        dtype(kernel, name, t, DType.F32);
        shape(kernel, name, t, expected);
    }

    static void rank(String kernel, String name, CudaTensor t, int... ranks) {
        present(kernel, name, t);
        for (int r : ranks) {
            if (t.rank() == r) {
                return;
            }
        }
        throw new GatunException(kernel + ": " + name + " must have rank " + Arrays.toString(ranks).replace(", ", " or ")
                + ", got " + Shape.toString(t.shape()));
    }

    /** {@code out} must not share memory with any of {@code inputs} (the kernel reads them while writing). */
    static void distinct(String kernel, String outName, CudaTensor out, CudaTensor... inputs) {
        for (CudaTensor in : inputs) {
            if (in != null && in.buffer() == out.buffer()) {
                throw new GatunException(kernel + ": " + outName + " must not be one of the inputs");
            }
        }
    }

    /** After the shape checks: a usable device, and every given tensor still open. */
    static void ready(String kernel, CudaTensor... tensors) {
        CudaRuntime.require();
        for (CudaTensor t : tensors) {
            if (t != null && !t.isOpen()) {
                throw new GatunException(kernel + ": " + t + " is closed");
            }
        }
    }

    /** The device address of {@code t}'s first element, or 0 (NULL) for an absent operand. */
    static long address(CudaTensor t) {
        return t == null ? 0 : t.buffer().address();
    }

    /** The rows of a tensor of {@code numel} elements with {@code cols} per row, within the kernel's grid. */
    static int rows(String kernel, long numel, int cols) {
        long rows = cols == 0 ? 0 : numel / cols;
        if (rows > Integer.MAX_VALUE) {
            throw new GatunException(kernel + ": " + rows + " rows exceed the kernel's grid");
        }
        return (int) rows;
    }

    /** The dtype code of gatun_cuda.h's enum gatun_cuda_dtype. */
    static long code(DType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 2;
            default -> throw new GatunException("CUDA matrix products take f32, f16 or bf16 operands, got " + t);
        };
    }
}
