package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Reference.Nd;
import dev.gatun.tensor.Samples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Views against {@link Reference}: random chains of reshape, permute, transpose, movedim, slice, select,
 * expand, squeeze, unsqueeze, flatten and unflatten, read back element by element; and the memory
 * sharing that makes them views.
 */
class ViewProperties {

    @Property(tries = 60)
    void chainsOfViewsSeeTheRightElements(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(4), 500);
        DType dtype = rng.nextBoolean() ? DType.F32 : DType.I64;
        Sample s = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -100, 100);
        Tensor t = s.tensor();
        Nd ref = s.ref();
        List<String> steps = new ArrayList<>();
        for (int step = 0; step < 6; step++) {
            Object[] next = randomView(rng, t, ref, steps);
            t = (Tensor) next[0];
            ref = (Nd) next[1];
            assertClose(ref, t, 0, 0, String.join(" -> ", steps));
        }
    }

    /** Applies one random view op to both the tensor and the reference; returns {tensor, reference}. */
    private static Object[] randomView(Random rng, Tensor t, Nd ref, List<String> steps) {
        int rank = t.rank();
        int[] shape = ref.shape();
        int op = rng.nextInt(rank == 0 ? 1 : 10);
        switch (op) {
            case 0 -> {
                int d = rng.nextInt(rank + 1);
                int size = 1 + rng.nextInt(3);
                int[] target = insert(shape, d, size);
                steps.add("unsqueeze(" + d + ").expand(" + Arrays.toString(target) + ")");
                return new Object[] {t.unsqueeze(d).expand(target), Reference.broadcastTo(Reference.reshape(ref,
                        insert(shape, d, 1)), target)};
            }
            case 1 -> {
                int[] perm = permutation(rng, rank);
                steps.add("permute" + Arrays.toString(perm));
                return new Object[] {t.permute(perm), Reference.permute(ref, perm)};
            }
            case 2 -> {
                int a = rng.nextInt(rank) - (rng.nextBoolean() ? rank : 0);
                int b = rng.nextInt(rank);
                steps.add("transpose(" + a + ", " + b + ")");
                return new Object[] {t.transpose(a, b), Reference.transpose(ref, a, b)};
            }
            case 3 -> {
                int src = rng.nextInt(rank);
                int dst = rng.nextInt(rank);
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < rank; i++) {
                    if (i != src) {
                        order.add(i);
                    }
                }
                order.add(dst, src);
                steps.add("movedim(" + src + ", " + (dst - rank) + ")");
                return new Object[] {t.movedim(src, dst - rank),
                    Reference.permute(ref, order.stream().mapToInt(Integer::intValue).toArray())};
            }
            case 4 -> {
                int d = rng.nextInt(rank);
                int start = rng.nextInt(shape[d] + 1);
                int end = start + rng.nextInt(shape[d] - start + 1);
                int step = 1 + rng.nextInt(3);
                steps.add("slice(" + d + ", " + start + ", " + end + ", " + step + ")");
                return new Object[] {t.slice(d, start, end, step), Reference.slice(ref, d, start, end, step)};
            }
            case 5 -> {
                int d = rng.nextInt(rank);
                if (shape[d] == 0) {
                    return new Object[] {t, ref};
                }
                int i = rng.nextInt(shape[d]) - (rng.nextBoolean() ? shape[d] : 0);
                steps.add("select(" + d + ", " + i + ")");
                int positive = i < 0 ? i + shape[d] : i;
                return new Object[] {t.select(d - rank, i),
                    Reference.squeeze(Reference.slice(ref, d, positive, positive + 1, 1), d)};
            }
            case 6 -> {
                int d = rng.nextInt(rank);
                steps.add("squeeze(" + d + ")");
                return new Object[] {t.squeeze(d), shape[d] == 1 ? Reference.squeeze(ref, d) : ref};
            }
            case 7 -> {
                int a = rng.nextInt(rank);
                int b = a + rng.nextInt(rank - a);
                steps.add("flatten(" + a + ", " + b + ")");
                int[] out = new int[rank - (b - a)];
                int merged = 1;
                for (int i = a; i <= b; i++) {
                    merged *= shape[i];
                }
                for (int i = 0, j = 0; i < rank; i++) {
                    if (i < a || i > b) {
                        out[j++] = shape[i];
                    } else if (i == a) {
                        out[j++] = merged;
                    }
                }
                return new Object[] {t.flatten(a, b), Reference.reshape(ref, out)};
            }
            case 8 -> {
                int d = rng.nextInt(rank);
                int size = shape[d];
                int f = 1;
                for (int c = 2; c <= size; c++) {
                    if (size % c == 0 && rng.nextBoolean()) {
                        f = c;
                        break;
                    }
                }
                int[] out = insert(shape, d, f);
                out[d + 1] = f == 0 ? 0 : size / f;
                int rest = Reference.count(shape) == 0 ? out[d + 1] : -1; // -1 is ambiguous without elements
                steps.add("unflatten(" + d + ", " + f + ", " + rest + ")");
                return new Object[] {t.unflatten(d, f, rest), Reference.reshape(ref, out)};
            }
            default -> {
                int[] target = Arrays.copyOf(shape, rank);
                if (rng.nextBoolean() && Reference.count(shape) > 0) {
                    target = new int[] {-1};
                }
                steps.add("reshape" + Arrays.toString(target));
                int[] out = target.length == 1 && target[0] == -1 ? new int[] {Reference.count(shape)} : target;
                return new Object[] {t.reshape(target), Reference.reshape(ref, out)};
            }
        }
    }

    private static int[] insert(int[] shape, int at, int size) {
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == at ? size : shape[j++];
        }
        return out;
    }

    private static int[] permutation(Random rng, int rank) {
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            p.add(i);
        }
        java.util.Collections.shuffle(p, rng);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    // ---------------------------------------------------------------- memory sharing

    private static Tensor arange(int... shape) {
        return Tensor.arange(DType.F32, 0, Reference.count(shape), 1).reshape(shape);
    }

    @Example
    void viewsShareMemoryWithTheirBase() {
        Tensor base = arange(2, 3, 4);
        base.reshape(6, 4).setDouble(-1, 5, 3);
        assertEquals(-1, base.getDouble(1, 2, 3));
        base.permute(2, 0, 1).setDouble(-2, 3, 0, 1);
        assertEquals(-2, base.getDouble(0, 1, 3));
        base.slice(2, 1, 4, 2).setDouble(-3, 1, 1, 1);
        assertEquals(-3, base.getDouble(1, 1, 3));
        base.select(1, -1).setDouble(-4, 0, 0);
        assertEquals(-4, base.getDouble(0, 2, 0));
        base.narrow(0, 1, 1).unsqueeze(0).squeeze(0).flatten().setDouble(-5, 0);
        assertEquals(-5, base.getDouble(1, 0, 0));
        base.mT().unflatten(1, 2, 2).setDouble(-6, 1, 0, 1, 2);
        assertEquals(-6, base.getDouble(1, 2, 1));
        Tensor row = arange(1, 4);
        Tensor wide = row.expand(3, 4);
        assertArrayEquals(new long[] {0, 1}, wide.strides(), "expand gives stride 0");
        wide.setDouble(9, 2, 1);
        assertEquals(9, row.getDouble(0, 1));
        assertEquals(9, wide.getDouble(0, 1));
    }

    @Example
    void reshapeCopiesOnlyWhenNoViewExistsAndGivesTheSameValues() {
        Tensor base = arange(2, 3, 4);
        Tensor transposed = base.transpose(0, 1);                        // (3, 2, 4), strides (4, 12, 1)
        Tensor split = transposed.reshape(3, 2, 2, 2);                 // splitting the last dim: a view
        split.setDouble(-1, 2, 1, 1, 1);
        assertEquals(-1, base.getDouble(1, 2, 3), "a view writes through to its base");
        Tensor merged = transposed.reshape(3, 8);                       // merging dims 1, 2 needs a copy
        Nd expected = Reference.reshape(Reference.transpose(new Nd(new int[] {2, 3, 4}, base.toDoubleArray()), 0, 1), 3, 8);
        assertClose(expected, merged, 0, 0, "copying reshape");
        assertClose(expected, transposed.view(3, 8), 0, 0, "view() falls back to the same copy");
        merged.setDouble(100, 0, 0);
        assertEquals(0, base.getDouble(0, 0, 0), "a copy does not write through");
        Tensor viaContiguous = transposed.contiguous().reshape(-1, 8);
        assertClose(expected, viaContiguous, 0, 0, "contiguous then reshape");
    }

    @Example
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor base = arange(3, 4);
        assertSame(base, base.contiguous());
        assertTrue(base.narrow(0, 1, 2).isContiguous());
        Tensor t = base.mT();
        assertTrue(!t.isContiguous());
        Tensor c = t.contiguous();
        assertNotSame(t, c);
        assertTrue(c.isContiguous());
        assertArrayEquals(new long[] {3, 1}, c.strides());
        assertClose(Reference.transpose(new Nd(new int[] {3, 4}, base.toDoubleArray()), 0, 1), c, 0, 0, "contiguous");
        Tensor stepped = base.slice(1, 0, 4, 2);
        assertTrue(!stepped.isContiguous());
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, stepped.contiguous().toDoubleArray());
    }

    @Example
    void shapesOfSqueezeUnsqueezeFlattenAndScalars() {
        Tensor x = Tensor.zeros(1, 3, 1, 2);
        assertArrayEquals(new int[] {3, 2}, x.squeeze().shape());
        assertArrayEquals(new int[] {3, 1, 2}, x.squeeze(0).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2}, x.squeeze(1).shape(), "squeezing a size > 1 dimension is a no-op");
        assertArrayEquals(new int[] {1, 3, 1, 2, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1, 6}, x.flatten(1, -1).shape());
        assertArrayEquals(new int[] {6}, x.flatten().shape());
        Tensor s = Tensor.scalar(DType.F32, 4);
        assertArrayEquals(new int[] {1}, s.flatten().shape());
        assertArrayEquals(new int[] {1, 1}, s.reshape(1, 1).shape());
        assertEquals(4, s.reshape(1, 1).reshape().item());
        assertArrayEquals(new int[] {2, 0, 5}, Tensor.zeros(0, 10).reshape(2, 0, 5).shape());
        assertArrayEquals(new int[] {4, 3}, Tensor.zeros(2, 6).reshape(4, -1).shape());
        assertArrayEquals(new int[] {3, 1}, Tensor.zeros(1, 3).mT().shape());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(4, 3).slice(0, 2, 2, 1).shape());
    }
}
