package dev.gatun.optim;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates a fixed list of parameters from their gradients, as {@code torch.optim.Optimizer} with one
 * parameter group.
 *
 * <p>Per-parameter state (momentum, moment estimates) is allocated on the first step that sees the
 * parameter's gradient, in a scope the optimizer owns, never in the scope current during
 * {@link #step()}; so steps can run inside a short {@code Scope.open()} while the state persists.
 * {@link #close()} frees the state.
 *
 * <p>{@link #step()} runs without recording a graph. F32 and F64 parameters with contiguous gradients are
 * updated in place by direct loops over their memory (vectorised for F32); other parameters (BF16,
 * non-contiguous) are updated through contiguous F32 or F64 copies, with the state in that type.
 * Parameters whose gradient is null are skipped and keep their state untouched.
 */
public abstract class Optimizer implements AutoCloseable {
    private final List<Tensor> params;
    private final Scope stateScope = Scope.create();
    private double lr;
    private boolean closed;

    /**
     * An optimizer over {@code params} (typically {@code module.parameters()}).
     *
     * @param lr the initial learning rate; a schedule may change it with {@link #setLr}
     */
    protected Optimizer(List<Tensor> params, double lr) {
        if (params.isEmpty()) {
            throw new GatunException(getClass().getSimpleName() + " got an empty parameter list");
        }
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (!p.dtype().isFloatingPoint()) {
                throw new GatunException("parameter " + i + " is " + p.dtype() + "; only floating-point tensors can be optimised");
            }
            if (seen.put(p, Boolean.TRUE) != null) {
                throw new GatunException("parameter " + i + " appears more than once in the parameter list");
            }
        }
        this.params = List.copyOf(params);
        setLr(lr);
    }

    /** The parameters, in the order given. */
    public final List<Tensor> params() {
        return params;
    }

    /** The current learning rate. */
    public final double lr() {
        return lr;
    }

    /** Sets the learning rate used by the next steps (a schedule calls this before each step). */
    public final void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new GatunException("learning rate must be a finite value >= 0, got " + lr);
        }
        this.lr = lr;
    }

    /** Applies one update to every parameter that has a gradient. */
    public final void step() {
        if (closed) {
            throw new GatunException(getClass().getSimpleName() + " is closed; its state has been freed");
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor param = params.get(i);
                Tensor grad = param.grad();
                if (grad == null) {
                    continue;
                }
                DType work = param.dtype() == DType.F64 ? DType.F64 : DType.F32;
                Tensor p = param.to(work).contiguous();
                update(i, new FlatBuffer(p), new FlatBuffer(grad.to(work).contiguous()));
                if (p != param) {
                    param.copy_(p);
                }
            }
        }
    }

    /**
     * Updates parameter {@code index} in place given its gradient; both are contiguous, of the same type
     * (F32 or F64) and size. Runs with grad recording off.
     */
    protected abstract void update(int index, FlatBuffer param, FlatBuffer grad);

    /**
     * A zero-filled state buffer shaped like {@code param}, of type {@code type}, in the optimizer's own
     * scope (whatever scope is current when it is called).
     */
    protected final FlatBuffer allocateState(Tensor param, DType type) {
        try (Scope.Entered ignored = stateScope.enter()) {
            return new FlatBuffer(Tensor.zeros(type, param.shape()));
        }
    }

    /**
     * The state of {@code param} by PyTorch's names ({@code momentum_buffer}, {@code exp_avg},
     * {@code exp_avg_sq}); empty before its first step.
     */
    public abstract Map<String, Tensor> state(Tensor param);

    /** The position of {@code param} in {@link #params()}, by identity. */
    protected final int indexOf(Tensor param) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == param) {
                return i;
            }
        }
        throw new GatunException("the tensor of shape " + java.util.Arrays.toString(param.shape())
                + " is not a parameter of this optimizer");
    }

    /**
     * Zeroes the parameters' gradients in place, keeping their memory (see
     * {@code Module.zeroGrad()} for why this is the default here).
     */
    public final void zeroGrad() {
        zeroGrad(false);
    }

    /** Zeroes gradients in place, or with {@code setToNone} drops them so the next step skips them. */
    public final void zeroGrad(boolean setToNone) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Tensor p : params) {
                if (setToNone) {
                    p.setGrad(null);
                } else if (p.grad() != null) {
                    p.grad().fill_(0.0);
                }
            }
        }
    }

    /** Frees all optimizer state; the optimizer cannot step afterwards. */
    @Override
    public void close() {
        closed = true;
        stateScope.close();
    }
}
