package dev.gatun.kernels.cpu;

import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.util.List;
import java.util.function.Supplier;

/**
 * One row of the parity suite: a kernel, the dtype and shape it runs at, and how to build a fresh instance
 * (inputs from a fixed seed, outputs filled with NaN so unwritten elements show, the oracle's answer).
 *
 * @param nativeExpected whether the native backend should support it; the suite fails when it declines
 * @param rtol           tolerance relative to the root-mean-square of the expected values
 */
record ParityCase(String kernel, String dtype, String shape, boolean nativeExpected, double rtol,
                  Supplier<Instance> make) {

    /** A built case: the call to make on one backend and what it must produce. */
    interface Instance {
        boolean supportedBy(Backend b);

        void runOn(Backend b);

        /** The outputs after the run, flattened in row-major order. */
        double[] actual();

        double[] expected();
    }

    @Override
    public String toString() {
        return kernel + " " + dtype + " " + shape;
    }

    /** An instance of a fused kernel. */
    record Spec(KernelSpec spec, List<Tensor> outputs, double[] expected) implements Instance {
        @Override
        public boolean supportedBy(Backend b) {
            return b.supports(spec);
        }

        @Override
        public void runOn(Backend b) {
            b.execute(spec);
        }

        @Override
        public double[] actual() {
            return flatten(outputs);
        }
    }

    /** An instance of the matrix product; {@code c} is the (batch, m, n) view of C. */
    record Gemm(GemmSpec spec, Tensor c, double[] expected) implements Instance {
        @Override
        public boolean supportedBy(Backend b) {
            return b.supportsGemm(spec);
        }

        @Override
        public void runOn(Backend b) {
            b.gemm(spec);
        }

        @Override
        public double[] actual() {
            return c.toDoubleArray();
        }
    }

    static double[] flatten(List<Tensor> outputs) {
        int n = 0;
        for (Tensor t : outputs) {
            n += (int) t.numel();
        }
        double[] all = new double[n];
        int at = 0;
        for (Tensor t : outputs) {
            double[] v = t.toDoubleArray();
            System.arraycopy(v, 0, all, at, v.length);
            at += v.length;
        }
        return all;
    }
}
