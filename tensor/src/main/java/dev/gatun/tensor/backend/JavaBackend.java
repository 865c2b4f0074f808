package dev.gatun.tensor.backend;

import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmSpec;

/** The pure-Java (Vector API) backend: always present, supports every kernel. */
public final class JavaBackend implements Backend {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public boolean supportsGemm(GemmSpec spec) {
        return true;
    }

    @Override
    public void gemm(GemmSpec spec) {
        Gemm.run(spec);
    }
}
