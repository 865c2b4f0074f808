package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every primitive {@link Node} is produced by some public op, and backward runs through it. The map below
 * must name every permitted subclass: a primitive added without an entry here fails this test.
 */
class NodeCoverageTest {

    /** One small graph per primitive, built from a (2, 3) F64 leaf that requires grad. */
    private static Map<Class<?>, Function<Tensor, Tensor>> producers() {
        Map<Class<?>, Function<Tensor, Tensor>> m = new LinkedHashMap<>();
        m.put(Node.Unary.class, Tensor::exp);
        m.put(Node.Binary.class, x -> x.mul(x));
        m.put(Node.Where.class, x -> Tensor.where(x.gt(0.0), x, Tensor.scalar(DType.F64, 0)));
        m.put(Node.Reduce.class, x -> x.max(1, false));
        m.put(Node.MatMul.class, x -> x.matmul(x.mT()));
        m.put(Node.Reshape.class, x -> x.reshape(3, 2));
        m.put(Node.Permute.class, x -> x.permute(1, 0));
        m.put(Node.Expand.class, x -> x.unsqueeze(0).expand(4, 2, 3));
        m.put(Node.Slice.class, x -> x.slice(1, 0, 3, 2));
        m.put(Node.Copy.class, Tensor::clone);
        m.put(Node.Cast.class, x -> x.to(DType.F32));
        m.put(Node.Cat.class, x -> Tensor.cat(List.of(x, x), 0));
        m.put(Node.Pad.class, x -> Functional.pad(x, new int[] {1, 2}, 0));
        m.put(Node.IndexSelect.class, x -> x.indexSelect(1, Tensor.of(new long[] {2, 0, 2})));
        m.put(Node.Gather.class, x -> x.gather(1, Tensor.of(new long[] {2, 1}, 2, 1)));
        m.put(Node.ScatterAdd.class, x -> x.scatterAdd(1, Tensor.of(new long[] {2, 2}, 2, 1), x.narrow(1, 0, 1)));
        m.put(Node.Cumsum.class, x -> x.cumsum(1));
        m.put(Node.Im2col.class, x -> Convolution.im2col(x.reshape(1, 1, 2, 3), new Conv2dGeometry(1, 1, 2, 3, 2, 2,
                1, 1, 0, 0, 1, 1)));
        return m;
    }

    @Test
    void everyPrimitiveIsProducedAndDifferentiated() {
        Map<Class<?>, Function<Tensor, Tensor>> producers = producers();
        assertEquals(Set.of(Node.class.getPermittedSubclasses()), producers.keySet(),
                "every primitive needs an entry here (and forward and gradient tests)");
        for (Map.Entry<Class<?>, Function<Tensor, Tensor>> e : producers.entrySet()) {
            Tensor x = Tensor.of(new double[] {1, -2, 3, 0.5, 5, -6}, 2, 3).requiresGrad(true);
            Tensor out = e.getValue().apply(x);
            assertInstanceOf(e.getKey(), out.producer(), e.getKey().getSimpleName());
            out.sum().backward();
            assertNotNull(x.grad(), e.getKey().getSimpleName() + " passes a gradient to its input");
            assertArrayEquals(new int[] {2, 3}, x.grad().shape());
            assertEquals(6, Arrays.stream(x.grad().toDoubleArray()).filter(Double::isFinite).count());
        }
    }
}
