package dev.gatun.optim;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, https://arxiv.org/abs/1711.05101), following
 * the default algorithm of {@code torch.optim.AdamW} (amsgrad off). For each parameter p with gradient g,
 * at its t-th step:
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = m + (1 - beta1) * (g - m)                      (PyTorch's lerp, = beta1 m + (1 - beta1) g)
 * v = beta2 * v + (1 - beta2) * g * g
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>State: {@code exp_avg} m and {@code exp_avg_sq} v, zero before the first step, and a step count
 * per parameter (a parameter skipped for lack of a gradient does not advance its count).
 */
public final class AdamW extends Optimizer {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final FlatBuffer[] expAvg;
    private final FlatBuffer[] expAvgSq;
    private final long[] steps;

    /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /** AdamW with every option; {@code weightDecay} is decoupled (multiplies the parameter by {@code 1 - lr * weightDecay}). */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new GatunException("AdamW needs 0 <= beta < 1, eps >= 0 and weight_decay >= 0, got betas=("
                    + beta1 + ", " + beta2 + "), eps=" + eps + ", weight_decay=" + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.expAvg = new FlatBuffer[params.size()];
        this.expAvgSq = new FlatBuffer[params.size()];
        this.steps = new long[params.size()];
    }

    /** The scalars of one step, computed once in double precision. */
    private record Coefficients(double decay, double stepSize, double bc2Sqrt) {
    }

    @Override
    protected void update(int index, FlatBuffer p, FlatBuffer g) {
        if (expAvg[index] == null) {
            expAvg[index] = allocateState(p.tensor(), p.dtype());
            expAvgSq[index] = allocateState(p.tensor(), p.dtype());
        }
        long t = ++steps[index];
        double lr = lr();
        Coefficients c = new Coefficients(1 - lr * weightDecay, lr / (1 - Math.pow(beta1, t)),
                Math.sqrt(1 - Math.pow(beta2, t)));
        if (p.isF32()) {
            updateF32(p, g, expAvg[index], expAvgSq[index], c);
        } else {
            updateF64(p, g, expAvg[index], expAvgSq[index], c);
        }
    }

    private void updateF32(FlatBuffer p, FlatBuffer g, FlatBuffer m, FlatBuffer v, Coefficients c) {
        float decay = (float) c.decay();
        float stepSize = (float) c.stepSize();
        float bc2Sqrt = (float) c.bc2Sqrt();
        float oneMinusB1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float oneMinusB2 = (float) (1 - beta2);
        float epsF = (float) eps;
        MemorySegment ps = p.segment();
        MemorySegment gs = g.segment();
        MemorySegment ms = m.segment();
        MemorySegment vs = v.segment();
        long n = p.length();
        long i = 0;
        for (long bound = F.loopBound(n); i < bound; i += F.length()) {
            long po = p.base() + i * 4;
            long go = g.base() + i * 4;
            long mo = m.base() + i * 4;
            long vo = v.base() + i * 4;
            FloatVector gv = FloatVector.fromMemorySegment(F, gs, go, NATIVE);
            FloatVector mv = FloatVector.fromMemorySegment(F, ms, mo, NATIVE);
            mv = gv.sub(mv).mul(oneMinusB1).add(mv);
            FloatVector vv = FloatVector.fromMemorySegment(F, vs, vo, NATIVE).mul(b2).add(gv.mul(gv).mul(oneMinusB2));
            mv.intoMemorySegment(ms, mo, NATIVE);
            vv.intoMemorySegment(vs, vo, NATIVE);
            FloatVector denom = vv.sqrt().div(bc2Sqrt).add(epsF);
            FloatVector pv = FloatVector.fromMemorySegment(F, ps, po, NATIVE).mul(decay);
            pv.sub(mv.div(denom).mul(stepSize)).intoMemorySegment(ps, po, NATIVE);
        }
        for (; i < n; i++) {
            long po = p.base() + i * 4;
            long mo = m.base() + i * 4;
            long vo = v.base() + i * 4;
            float gi = gs.get(FLOAT, g.base() + i * 4);
            float mi = ms.get(FLOAT, mo);
            mi = Math.fma(gi - mi, oneMinusB1, mi);
            float vi = vs.get(FLOAT, vo) * b2 + gi * gi * oneMinusB2;
            ms.set(FLOAT, mo, mi);
            vs.set(FLOAT, vo, vi);
            float denom = (float) Math.sqrt(vi) / bc2Sqrt + epsF;
            ps.set(FLOAT, po, ps.get(FLOAT, po) * decay - mi / denom * stepSize);
        }
    }

    private void updateF64(FlatBuffer p, FlatBuffer g, FlatBuffer m, FlatBuffer v, Coefficients c) {
        MemorySegment ps = p.segment();
        MemorySegment gs = g.segment();
        MemorySegment ms = m.segment();
        MemorySegment vs = v.segment();
        for (long i = 0, n = p.length(); i < n; i++) {
            long po = p.base() + i * 8;
            long mo = m.base() + i * 8;
            long vo = v.base() + i * 8;
            double gi = gs.get(DOUBLE, g.base() + i * 8);
            double mi = ms.get(DOUBLE, mo);
            mi += (1 - beta1) * (gi - mi);
            double vi = vs.get(DOUBLE, vo) * beta2 + (1 - beta2) * gi * gi;
            ms.set(DOUBLE, mo, mi);
            vs.set(DOUBLE, vo, vi);
            double denom = Math.sqrt(vi) / c.bc2Sqrt() + eps;
            ps.set(DOUBLE, po, ps.get(DOUBLE, po) * c.decay() - c.stepSize() * mi / denom);
        }
    }

    @Override
    public Map<String, Tensor> state(Tensor param) {
        int i = indexOf(param);
        if (expAvg[i] == null) {
            return Map.of();
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("exp_avg", expAvg[i].tensor());
        out.put("exp_avg_sq", expAvgSq[i].tensor());
        return out;
    }

    /** How many updates parameter {@code param} has received (PyTorch's {@code state['step']}). */
    public long stepCount(Tensor param) {
        return steps[indexOf(param)];
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }
}
