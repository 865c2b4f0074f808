package dev.gatun.tensor.backend;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** Shape and dtype checks shared by the kernel specs; each failure names the kernel and the tensor. */
final class SpecChecks {
    private SpecChecks() {
    }

    static void present(String kernel, String name, Tensor t) {
        if (t == null) {
            throw new GatunException(kernel + ": " + name + " must be given");
        }
    }

    static void floating(String kernel, String name, Tensor t) {
        present(kernel, name, t);
        if (!t.dtype().isFloatingPoint()) {
            throw new GatunException(kernel + ": " + name + " must be floating point, got " + t.dtype());
        }
    }

    static void shape(String kernel, String name, Tensor t, int... expected) {
        floating(kernel, name, t);
        if (!Arrays.equals(t.shape(), expected)) {
            throw new GatunException(kernel + ": " + name + " must have shape " + Shape.toString(expected) + ", got "
                    + Shape.toString(t.shape()));
        }
    }

    static void sameShape(String kernel, String name, Tensor t, Tensor like) {
        shape(kernel, name, t, like.shape());
    }

    static void rankAtLeast(String kernel, String name, Tensor t, int rank) {
        floating(kernel, name, t);
        if (t.rank() < rank) {
            throw new GatunException(kernel + ": " + name + " must have rank >= " + rank + ", got "
                    + Shape.toString(t.shape()));
        }
    }
}
