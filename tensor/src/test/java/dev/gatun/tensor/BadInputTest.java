package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public op given wrong shapes, dimensions, dtypes or arguments throws a {@link GatunException}
 * (never an IllegalArgumentException, an index-out-of-bounds, a null pointer or an illegal state), and
 * its message names what was wrong: the shapes, the dimension, the index.
 */
class BadInputTest {
    private record Case(String name, Executable call, String... fragments) {
    }

    private final List<Case> cases = new ArrayList<>();

    private void add(String name, Executable call, String... fragments) {
        cases.add(new Case(name, call, fragments));
    }

    private static Tensor z(int... shape) {
        return Tensor.zeros(shape);
    }

    private static Tensor ids(long... values) {
        return Tensor.of(values);
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputThrowsGatunException() {
        creation();
        elementwise();
        views();
        reductions();
        joins();
        indexing();
        linearAlgebra();
        functions();
        autograd();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            GatunException e = assertThrows(GatunException.class, c.call, c.name);
            for (String f : c.fragments) {
                assertTrue(e.getMessage().contains(f), c.name + ": message should mention '" + f + "': " + e.getMessage());
            }
        }));
    }

    private void creation() {
        add("zeros with a negative size", () -> z(2, -1), "[2, -1]");
        add("zeros with more elements than a long holds", () -> z(1 << 30, 1 << 30, 1 << 30), "[1073741824, 1073741824");
        add("of with too few values", () -> Tensor.of(new float[] {1, 2, 3}, 2, 2), "[2, 2]", "3 values");
        add("of long[] with too many values", () -> Tensor.of(new long[] {1, 2, 3}, 2), "[2]");
        add("wrap of the wrong size", () -> Tensor.wrap(Arena.ofAuto().allocate(12), DType.F32, 2, 2), "[2, 2]", "12");
        add("arange with step 0", () -> Tensor.arange(DType.F32, 0, 1, 0), "step");
        add("getDouble with too few coordinates", () -> z(2, 3).getDouble(1), "rank 2");
        add("getDouble out of bounds", () -> z(2, 3).getDouble(1, 3), "[1, 3]", "[2, 3]");
        add("setDouble out of bounds", () -> z(2, 3).setDouble(1, -1, 0), "[-1, 0]", "[2, 3]");
        add("item of many elements", () -> z(2, 3).item(), "[2, 3]");
        add("size of a dimension out of range", () -> z(2, 3).size(2), "dimension 2", "rank 2");
    }

    private void elementwise() {
        add("add that cannot broadcast", () -> z(2, 3).add(z(4)), "[2, 3]", "[4]");
        add("mul that cannot broadcast", () -> z(5, 1, 3).mul(z(2, 4)), "[5, 1, 3]", "[2, 4]");
        add("compare that cannot broadcast", () -> z(3).lt(z(2)), "[3]", "[2]");
        add("where that cannot broadcast", () -> Tensor.where(z(3).gt(0.0), z(3), z(4)), "[3]", "[4]");
        add("maskedFill that cannot broadcast", () -> z(3).maskedFill(z(2).gt(0.0), 1), "[3]", "[2]");
        add("add_ of a larger operand", () -> z(3).add_(z(2, 3)), "[2, 3]", "[3]");
        add("copy_ of a larger source", () -> z(3).copy_(z(2, 3)), "[2, 3]", "[3]");
        add("copy_ that cannot broadcast", () -> z(2, 3).copy_(z(2)), "[2]", "[2, 3]");
    }

    private void views() {
        add("reshape to a different count", () -> z(2, 3).reshape(4, 2), "[2, 3]", "[4, 2]");
        add("reshape that cannot infer -1", () -> z(2, 3).reshape(4, -1), "[2, 3]", "[4, -1]");
        add("reshape with two -1", () -> z(2, 3).reshape(-1, -1), "-1");
        add("reshape with a negative size", () -> z(2, 3).reshape(-2, -3), "-2");
        add("view to a different count", () -> z(6).view(4), "[6]", "[4]");
        add("permute repeating a dimension", () -> z(2, 3).permute(0, 0), "repeats");
        add("permute with too few dimensions", () -> z(2, 3, 4).permute(1, 0), "[2, 3, 4]");
        add("permute out of range", () -> z(2, 3).permute(0, 2), "dimension 2");
        add("transpose out of range", () -> z(2, 3).transpose(0, 2), "dimension 2", "rank 2");
        add("mT of a vector", () -> z(3).mT(), "rank 1");
        add("movedim out of range", () -> z(2, 3).movedim(0, 3), "dimension 3");
        add("slice beyond the end", () -> z(4, 5).slice(1, 2, 6, 1), "[2:6]", "5");
        add("slice with a negative start", () -> z(4).slice(0, -1, 2, 1), "[-1:2]");
        add("slice with end before start", () -> z(4).slice(0, 3, 2, 1), "[3:2]");
        add("slice with step 0", () -> z(4).slice(0, 0, 4, 0), "step");
        add("narrow past the end", () -> z(4, 5).narrow(0, 3, 2), "[3:5]", "[4, 5]");
        add("narrow with negative length", () -> z(4).narrow(0, 2, -1), "[2:1]");
        add("select past the end", () -> z(4, 5).select(1, 5), "index 5", "size 5");
        add("select before the start", () -> z(4, 5).select(0, -5), "index -5", "size 4");
        add("select of a scalar", () -> Tensor.scalar(DType.F32, 1).select(0, 0), "rank 0");
        add("expand of a size > 1 dimension", () -> z(2, 3).expand(4, 3), "[2, 3]", "[4, 3]");
        add("expand to fewer dimensions", () -> z(2, 3).expand(3), "[2, 3]", "[3]");
        add("expand to a negative size", () -> z(1, 3).expand(-2, 3), "[1, 3]", "[-2, 3]");
        add("expand a new dimension to -1", () -> z(3).expand(-1, 3), "-1");
        add("squeeze out of range", () -> z(2, 1).squeeze(2), "dimension 2");
        add("unsqueeze out of range", () -> z(2, 1).unsqueeze(4), "dimension 4", "rank 3");
        add("flatten with end before start", () -> z(2, 3, 4).flatten(2, 1), "2", "1");
        add("unflatten to a different count", () -> z(2, 6).unflatten(1, 4, 2), "[2, 6]", "[2, 4, 2]");
    }

    private void reductions() {
        add("sum over a dimension out of range", () -> z(2, 3).sum(2, false), "dimension 2", "rank 2");
        add("sum over a dimension listed twice", () -> z(2, 3).sum(new int[] {1, -1}, false), "twice");
        add("mean over a dimension out of range", () -> z(2, 3).mean(-3, true), "dimension -3");
        add("max over an empty dimension", () -> z(2, 0).max(1, false), "[2, 0]");
        add("min of an empty tensor", () -> z(0).min(), "[0]");
        add("argmax over a dimension out of range", () -> z(2, 3).argmax(2, false), "dimension 2");
        add("argmin over an empty dimension", () -> z(0, 3).argmin(0, false), "[0, 3]");
        add("var over a dimension out of range", () -> z(2, 3).var(5, 1, false), "dimension 5");
    }

    private void joins() {
        add("cat of no tensors", () -> Tensor.cat(List.of(), 0), "at least one");
        add("cat of different ranks", () -> Tensor.cat(List.of(z(2, 3), z(3)), 0), "rank 1", "rank 2");
        add("cat of different sizes outside the dimension", () -> Tensor.cat(List.of(z(2, 3), z(2, 4)), 0),
                "[2, 4]", "[2, 3]");
        add("cat along a dimension out of range", () -> Tensor.cat(List.of(z(2, 3), z(2, 3)), 2), "dimension 2");
        add("stack of different shapes", () -> Tensor.stack(List.of(z(2, 3), z(3, 2)), 0), "[1, 3, 2]", "[1, 2, 3]");
        add("stack of no tensors", () -> Tensor.stack(List.of(), 0), "at least one");
        add("split of size 0", () -> z(4).split(0, 0), "0");
        add("chunk into 0 pieces", () -> z(4).chunk(0, 0), "0");
        add("chunk along a dimension out of range", () -> z(4).chunk(2, 1), "dimension 1");
        add("pad with an odd count", () -> Functional.pad(z(2, 3), new int[] {1, 1, 1}, 0), "[1, 1, 1]");
        add("pad of more dimensions than the tensor has", () -> Functional.pad(z(3), new int[] {1, 1, 1, 1}, 0),
                "[1, 1, 1, 1]");
        add("pad by a negative amount", () -> Functional.pad(z(3), new int[] {-1, 0}, 0), "[-1, 0]");
        add("roll along a dimension out of range", () -> Functional.roll(z(3), 1, 1), "dimension 1");
    }

    private void indexing() {
        add("gather with a float index", () -> z(3, 4).gather(1, z(3, 2)), "integer index", "f32");
        add("gather with an index of another rank", () -> z(3, 4).gather(1, ids(0, 1)), "rank 1", "rank 2");
        add("gather with an index larger than the input", () -> z(3, 4).gather(1, Tensor.of(new long[8], 4, 2)),
                "[4, 2]", "[3, 4]");
        add("gather with an index out of range", () -> z(3, 4).gather(1, Tensor.of(new long[] {0, 4}, 1, 2)),
                "index 4", "size 4");
        add("gather with a negative index", () -> z(3, 4).gather(0, Tensor.of(new long[] {-1}, 1, 1)), "index -1");
        add("scatterAdd with an index out of range",
                () -> z(3, 4).scatterAdd(0, Tensor.of(new long[] {3}, 1, 1), z(1, 1)), "index 3", "size 3");
        add("scatterAdd with a src smaller than the index",
                () -> z(3, 4).scatterAdd(0, Tensor.of(new long[] {0, 1}, 1, 2), z(1, 1)), "[1, 2]", "[1, 1]");
        add("scatterAdd with a src of lower rank",
                () -> z(3, 4).scatterAdd(0, Tensor.of(new long[] {0, 1}, 1, 2), z(2)), "[1, 2]", "[2]");
        add("scatterAdd with a src of higher rank",
                () -> z(3, 4).scatterAdd(1, Tensor.of(new long[] {0, 1}, 1, 2), z(1, 2, 5)), "[1, 2]", "[1, 2, 5]");
        add("indexSelect with a 2-D index", () -> z(3, 4).indexSelect(0, Tensor.of(new long[] {0, 1}, 1, 2)), "[1, 2]");
        add("indexSelect with a float index", () -> z(3, 4).indexSelect(0, z(2)), "f32");
        add("indexSelect out of range", () -> z(3, 4).indexSelect(0, ids(0, 3)), "index 3", "size 3");
        add("indexSelect along a dimension out of range", () -> z(3, 4).indexSelect(2, ids(0)), "dimension 2");
        add("embedding of an id out of range", () -> Functional.embedding(ids(5), z(4, 2)), "index 5", "size 4");
        add("embedding of float ids", () -> Functional.embedding(z(2), z(4, 2)), "f32");
        add("cumsum along a dimension out of range", () -> z(3).cumsum(1), "dimension 1");
        add("topk with k larger than the dimension", () -> Functional.topk(z(3, 4), 5, 1, true), "k = 5", "size 4");
        add("topk with a negative k", () -> Functional.topk(z(3, 4), -1, 1, true), "k = -1");
    }

    private void linearAlgebra() {
        add("matmul of mismatched matrices", () -> z(2, 3).matmul(z(4, 5)), "[2, 3]", "[4, 5]");
        add("matmul of mismatched vectors", () -> z(3).matmul(z(4)), "3", "4");
        add("matmul of a matrix and a mismatched vector", () -> z(2, 3).matmul(z(4)), "[2, 3]");
        add("matmul with batches that cannot broadcast", () -> z(2, 3, 4).matmul(z(3, 4, 5)), "[2]", "[3]");
        add("matmul of a scalar", () -> Tensor.scalar(DType.F32, 1).matmul(z(2)), "[]", "[2]");
        add("linear with a mismatched weight", () -> Functional.linear(z(2, 3), z(4, 5), null), "[2, 3]", "[5, 4]");
        add("conv2d with mismatched channels", () -> Functional.conv2d(z(1, 3, 5, 5), z(4, 2, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "3 channels", "[4, 2, 3, 3]");
        add("conv2d with channels not divisible by groups", () -> Functional.conv2d(z(1, 3, 5, 5), z(4, 1, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2), "groups = 2");
        add("conv2d with a 3-D input", () -> Functional.conv2d(z(3, 5, 5), z(4, 3, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "[3, 5, 5]");
        add("conv2d with a mismatched bias", () -> Functional.conv2d(z(1, 3, 5, 5), z(4, 3, 3, 3), z(3),
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "[4]", "[3]");
        add("conv2d with a kernel larger than the input", () -> Functional.conv2d(z(1, 1, 2, 5), z(1, 1, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "2x5", "3x3");
        add("conv2d with a kernel larger than the input and stride 2", () -> Functional.conv2d(z(1, 1, 2, 5),
                z(1, 1, 3, 3), null, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, 1), "2x5", "3x3");
        add("conv2d with stride 0", () -> Functional.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null,
                new int[] {0, 1}, new int[] {0, 0}, new int[] {1, 1}, 1), "stride 0x1");
        add("conv2d with negative padding", () -> Functional.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null,
                new int[] {1, 1}, new int[] {-1, 0}, new int[] {1, 1}, 1), "padding -1x0");
        add("conv2d with a one-element stride", () -> Functional.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null,
                new int[] {1}, new int[] {0, 0}, new int[] {1, 1}, 1), "stride", "[1]");
        add("conv2d with a three-element dilation", () -> Functional.conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null,
                new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1, 1}, 1), "dilation", "[1, 1, 1]");
        add("conv1d with a 4-D input", () -> Functional.conv1d(z(1, 1, 5, 5), z(1, 1, 3), null, 1, 0, 1, 1),
                "[1, 1, 5, 5]");
        add("conv1d with mismatched channels", () -> Functional.conv1d(z(1, 2, 5), z(1, 3, 3), null, 1, 0, 1, 1),
                "2 channels", "[1, 3, 1, 3]");
        add("conv1d with a kernel larger than the input", () -> Functional.conv1d(z(1, 1, 2), z(1, 1, 4), null, 3, 0, 1,
                1), "1x2", "1x4");
    }

    private void functions() {
        add("softmax along a dimension out of range", () -> z(2, 3).softmax(2), "dimension 2");
        add("logSoftmax along a dimension out of range", () -> z(2, 3).logSoftmax(-3), "dimension -3");
        add("layerNorm over too many dimensions", () -> Functional.layerNorm(z(2, 3), 3, null, null, 1e-5), "3", "rank-2");
        add("layerNorm with a mismatched weight", () -> Functional.layerNorm(z(2, 3), 1, z(4), null, 1e-5), "[2, 3]", "[4]");
        add("rmsNorm with a mismatched weight", () -> Functional.rmsNorm(z(2, 3), z(2), 1e-6), "[2, 3]", "[2]");
        add("dropout with p > 1", () -> Functional.dropout(z(3), 1.5, true, new Random(1)), "1.5");
        add("dropout with p < 0", () -> Functional.dropout(z(3), -0.1, true, new Random(1)), "-0.1");
        add("cross_entropy with a class out of range", () -> Functional.crossEntropy(z(2, 3), ids(0, 5), -100, 0, "mean"),
                "class 5", "0..2");
        add("cross_entropy with a negative class", () -> Functional.crossEntropy(z(2, 3), ids(-1, 0), -100, 0, "mean"),
                "class -1");
        add("cross_entropy with float targets", () -> Functional.crossEntropy(z(2, 3), z(2), -100, 0, "mean"),
                "f32", "[2]");
        add("cross_entropy with too many targets", () -> Functional.crossEntropy(z(2, 3), ids(0, 1, 2), -100, 0, "mean"),
                "2 integer class indices", "[3]");
        add("cross_entropy of vector logits", () -> Functional.crossEntropy(z(3), ids(0), -100, 0, "mean"), "[3]");
        add("cross_entropy with an unknown reduction", () -> Functional.crossEntropy(z(2, 3), ids(0, 1), -100, 0, "avg"),
                "'avg'");
        add("mse with an unknown reduction", () -> Functional.mse(z(2), z(2), "total"), "'total'");
        add("mse that cannot broadcast", () -> Functional.mse(z(2), z(3), "mean"), "[2]", "[3]");
    }

    private void autograd() {
        add("requiresGrad of an integer tensor", () -> ids(1).requiresGrad(true), "i64");
        add("backward of many elements", () -> z(2, 3).requiresGrad(true).mul(2.0).backward(), "[2, 3]");
        add("backward with a gradient of another shape",
                () -> z(2, 3).requiresGrad(true).mul(2.0).backward(z(3, 2)), "[3, 2]", "[2, 3]");
        add("backward of a tensor that does not require grad", () -> z(1).mul(2.0).backward(), "requiresGrad");
        add("setGrad of another shape", () -> z(2, 3).setGrad(z(3)), "[3]", "[2, 3]");
        add("in-place update of a tensor that requires grad", () -> z(2).requiresGrad(true).mul_(2), "noGrad");
    }
}
