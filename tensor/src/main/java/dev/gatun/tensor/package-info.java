/**
 * The tensor runtime: {@link dev.gatun.tensor.Tensor} (off-heap, strided views, PyTorch broadcasting),
 * {@link dev.gatun.tensor.Scope} (deterministic memory lifetimes), {@link dev.gatun.tensor.Autograd}
 * (define-by-run differentiation) and the ops.
 *
 * <p>A small set of primitives ({@link dev.gatun.tensor.Node}'s records) carries kernels and derivative
 * rules ({@code Gradients}); everything in {@link dev.gatun.tensor.Functional} is composed from them.
 *
 * {@snippet :
 * Tensor w = Tensor.randn(new Random(0), DType.F32, 4, 3).requiresGrad(true);
 * Tensor x = Tensor.of(new float[] {1, 2, 3});
 * Tensor loss = w.matmul(x).relu().sum();   // (4) -> ()
 * loss.backward();                          // w.grad() now holds d loss / d w
 * }
 */
package dev.gatun.tensor;
