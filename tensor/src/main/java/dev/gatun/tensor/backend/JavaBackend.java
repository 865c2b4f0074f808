package dev.gatun.tensor.backend;

import dev.gatun.tensor.Attention;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Rope;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.SelectiveScan;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmSpec;

/**
 * The pure-Java (Vector API) backend: always present, supports every kernel. Fused kernels run their
 * composed references (the same code the parity tests hold other backends to), with no gradient recorded
 * and their intermediates freed before returning.
 */
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

    @Override
    public boolean supports(KernelSpec spec) {
        return true;
    }

    @Override
    public void execute(KernelSpec spec) {
        try (Autograd.NoGrad off = Autograd.noGrad(); Scope scratch = Scope.open()) {
            switch (spec) {
                case AttentionSpec s -> s.out().copy_(Attention.scaledDotProduct(s.q(), s.k(), s.v(), s.scale(), s.mask()));
                case SoftmaxSpec s -> {
                    if (s.x().numel() > 0) {
                        s.out().copy_(Functional.softmax(s.x(), -1));
                    }
                }
                case LayerNormSpec s -> s.out().copy_(Functional.layerNorm(s.x(), 1, s.weight(), s.bias(), s.eps()));
                case RmsNormSpec s -> s.out().copy_(Functional.rmsNorm(s.x(), s.weight(), s.eps()));
                case ActivationSpec s -> s.out().copy_(activation(s.kind(), s.x()));
                case RopeSpec s -> {
                    Rope.checkPositions(s.positions(), s.cos().size(0));
                    s.out().copy_(Rope.apply(s.x(), s.cos(), s.sin(), s.positions()));
                }
                case SelectiveScanSpec s -> {
                    SelectiveScan.Result r = SelectiveScan.reference(s.u(), s.delta(), s.a(), s.b(), s.c(), s.d(),
                            s.z(), s.deltaBias(), s.deltaSoftplus(), s.initialState());
                    s.out().copy_(r.out());
                    if (s.lastState() != null) {
                        s.lastState().copy_(r.lastState());
                    }
                }
                case QuantMatVecSpec s -> s.out().copy_(s.weight().linear(s.x()));
            }
        }
    }

    private static Tensor activation(ActivationSpec.Kind kind, Tensor x) {
        return switch (kind) {
            case GELU -> Functional.gelu(x);
            case GELU_TANH -> Functional.geluTanh(x);
            case SILU -> Functional.silu(x);
        };
    }
}
