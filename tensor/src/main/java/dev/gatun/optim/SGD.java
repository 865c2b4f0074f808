package dev.gatun.optim;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, following
 * {@code torch.optim.SGD} exactly. For each parameter p with gradient g:
 *
 * <pre>
 * g = g + weightDecay * p                            (when weightDecay != 0)
 * if momentum != 0:
 *     b = g                                          (first step)
 *     b = momentum * b + (1 - dampening) * g         (later steps)
 *     g = nesterov ? g + momentum * b : b
 * p = p - lr * g
 * </pre>
 *
 * <p>State: {@code momentum_buffer} b, when momentum is non-zero.
 */
public final class SGD extends Optimizer {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final FlatBuffer[] buffers;

    /** Plain gradient descent: no momentum, no weight decay. */
    public SGD(List<Tensor> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    /**
     * SGD with PyTorch's options. Nesterov momentum needs {@code momentum > 0} and {@code dampening = 0},
     * as in PyTorch.
     */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, boolean nesterov,
               double weightDecay) {
        super(params, lr);
        if (!(momentum >= 0) || !(weightDecay >= 0) || Double.isNaN(dampening)) {
            throw new GatunException("SGD needs momentum >= 0 and weight_decay >= 0, got momentum=" + momentum
                    + ", weight_decay=" + weightDecay + ", dampening=" + dampening);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new GatunException("Nesterov momentum requires momentum > 0 and dampening = 0, got momentum="
                    + momentum + ", dampening=" + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.buffers = new FlatBuffer[params.size()];
    }

    @Override
    protected void update(int index, FlatBuffer p, FlatBuffer g) {
        FlatBuffer b = null;
        boolean first = false;
        if (momentum != 0) {
            first = buffers[index] == null;
            if (first) {
                buffers[index] = allocateState(p.tensor(), p.dtype());
            }
            b = buffers[index];
        }
        if (p.isF32()) {
            updateF32(p, g, b, first);
        } else {
            updateF64(p, g, b, first);
        }
    }

    private void updateF32(FlatBuffer p, FlatBuffer g, FlatBuffer b, boolean first) {
        float lr = (float) lr();
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float keep = (float) (1 - dampening);
        MemorySegment ps = p.segment();
        MemorySegment gs = g.segment();
        MemorySegment bs = b == null ? null : b.segment();
        long n = p.length();
        long i = 0;
        for (long bound = F.loopBound(n); i < bound; i += F.length()) {
            long po = p.base() + i * 4;
            long go = g.base() + i * 4;
            FloatVector pv = FloatVector.fromMemorySegment(F, ps, po, NATIVE);
            FloatVector gv = FloatVector.fromMemorySegment(F, gs, go, NATIVE);
            if (wd != 0) {
                gv = pv.mul(wd).add(gv);
            }
            if (bs != null) {
                long bo = b.base() + i * 4;
                FloatVector bv = first ? gv
                        : gv.mul(keep).add(FloatVector.fromMemorySegment(F, bs, bo, NATIVE).mul(mom));
                bv.intoMemorySegment(bs, bo, NATIVE);
                gv = nesterov ? bv.mul(mom).add(gv) : bv;
            }
            pv.sub(gv.mul(lr)).intoMemorySegment(ps, po, NATIVE);
        }
        for (; i < n; i++) {
            long po = p.base() + i * 4;
            float pi = ps.get(FLOAT, po);
            float gi = gs.get(FLOAT, g.base() + i * 4);
            if (wd != 0) {
                gi = Math.fma(pi, wd, gi);
            }
            if (bs != null) {
                long bo = b.base() + i * 4;
                float bi = first ? gi : bs.get(FLOAT, bo) * mom + gi * keep;
                bs.set(FLOAT, bo, bi);
                gi = nesterov ? Math.fma(bi, mom, gi) : bi;
            }
            ps.set(FLOAT, po, pi - gi * lr);
        }
    }

    private void updateF64(FlatBuffer p, FlatBuffer g, FlatBuffer b, boolean first) {
        double lr = lr();
        MemorySegment ps = p.segment();
        MemorySegment gs = g.segment();
        MemorySegment bs = b == null ? null : b.segment();
        for (long i = 0, n = p.length(); i < n; i++) {
            long po = p.base() + i * 8;
            double pi = ps.get(DOUBLE, po);
            double gi = gs.get(DOUBLE, g.base() + i * 8);
            if (weightDecay != 0) {
                gi += weightDecay * pi;
            }
            if (bs != null) {
                long bo = b.base() + i * 8;
                double bi = first ? gi : bs.get(DOUBLE, bo) * momentum + gi * (1 - dampening);
                bs.set(DOUBLE, bo, bi);
                gi = nesterov ? gi + momentum * bi : bi;
            }
            ps.set(DOUBLE, po, pi - lr * gi);
        }
    }

    @Override
    public Map<String, Tensor> state(Tensor param) {
        FlatBuffer b = buffers[indexOf(param)];
        return b == null ? Map.of() : Map.of("momentum_buffer", b.tensor());
    }

    public double momentum() {
        return momentum;
    }

    public double dampening() {
        return dampening;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
