package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scope lifetimes: freed tensors refuse use with a clear error, keep() copies out, enter() and nesting. */
class ScopeTest {

    @AfterEach
    void noScopeLeftCurrent() {
        assertNull(Scope.current(), "a test left a scope current");
    }

    private static void assertFreed(Tensor t, Consumer<Tensor> use, String what) {
        GatunException e = assertThrows(GatunException.class, () -> use.accept(t), what);
        assertTrue(e.getMessage().contains("closed scope"), what + ": " + e.getMessage());
    }

    @Test
    void tensorsOfAClosedScopeRefuseUse() {
        Tensor freed;
        Tensor view;
        try (Scope s = Scope.open()) {
            assertSame(s, Scope.current());
            freed = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            view = freed.mT();
            assertSame(s, freed.owner());
            assertEquals(21.0, freed.sum().item());
        }
        Tensor other = Tensor.zeros(2, 3);
        GatunException e = assertThrows(GatunException.class, () -> freed.getDouble(0, 0));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("keep()"), e.getMessage());
        assertFreed(freed, t -> t.setDouble(1, 0, 0), "setDouble");
        assertFreed(freed, Tensor::toFloatArray, "toFloatArray");
        assertFreed(freed, Tensor::segment, "segment");
        assertFreed(freed, t -> t.add(other), "add");
        assertFreed(freed, t -> other.add(t), "add as second operand");
        assertFreed(freed, Tensor::exp, "exp");
        assertFreed(freed, Tensor::sum, "sum");
        assertFreed(freed, t -> t.argmax(1, false), "argmax");
        assertFreed(freed, t -> t.matmul(other.mT()), "matmul");
        assertFreed(freed, Tensor::clone, "clone");
        assertFreed(freed, t -> t.to(DType.F64), "to");
        assertFreed(freed, t -> t.cumsum(0), "cumsum");
        assertFreed(freed, t -> t.gather(1, Tensor.of(new long[] {0, 1}, 2, 1)), "gather");
        assertFreed(freed, t -> Tensor.cat(List.of(t, other), 0), "cat");
        assertFreed(freed, t -> other.copy_(t), "copy_ from");
        assertFreed(freed, t -> t.fill_(1), "fill_");
        assertFreed(view, Tensor::contiguous, "contiguous of a view");
        assertFreed(view.reshape(3, 2), t -> t.getDouble(0, 0), "reshape of a view");
        assertTrue(freed.toString().contains("freed"), freed.toString());
    }

    @Test
    void itemOfAFreedTensorThrows() {
        Tensor freed;
        try (Scope ignored = Scope.open()) {
            freed = Tensor.scalar(DType.F32, 3);
        }
        assertFreed(freed, Tensor::item, "item");
    }

    @Test
    void keepCopiesIntoTheEnclosingScope() {
        Tensor kept;
        Tensor keptOuter;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
                Tensor y = x.mul(x).mT();
                kept = inner.keep(y);
                assertSame(outer, kept.owner());
                assertFalse(kept.requiresGrad(), "keep() detaches");
                assertTrue(kept.isContiguous());
            }
            assertSame(outer, Scope.current());
            assertArrayEquals(new float[] {1, 9, 4, 16}, kept.toFloatArray());
            keptOuter = outer.keep(kept);
        }
        assertNull(keptOuter.owner(), "kept from the outermost scope: owned by the garbage collector");
        assertArrayEquals(new float[] {1, 9, 4, 16}, keptOuter.toFloatArray());
        assertFreed(kept, Tensor::toFloatArray, "kept into a scope that closed since");
    }

    @Test
    void nestedScopesCloseInnerFirst() {
        try (Scope outer = Scope.open()) {
            Tensor a = Tensor.ones(DType.F32, 3);
            Tensor b;
            try (Scope inner = Scope.open()) {
                b = a.add(a);
                assertSame(inner, b.owner());
                assertSame(outer, a.owner());
            }
            assertEquals(3.0, a.sum().item(), "outer tensors survive the inner scope");
            assertFreed(b, Tensor::sum, "inner tensor after the inner scope");
        }
    }

    @Test
    void closingOutOfOrderIsRefusedAndCloseIsIdempotent() {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        RuntimeException e = assertThrows(RuntimeException.class, outer::close);
        assertTrue(e.getMessage().contains("reverse order"), e.getMessage());
        assertSame(inner, Scope.current(), "a refused close changes nothing");
        inner.close();
        inner.close();
        outer.close();
        assertNull(Scope.current());
        assertThrows(GatunException.class, () -> outer.keep(Tensor.zeros(1)));
    }

    @Test
    void enterAllocatesInACreatedScopeUntilItCloses() {
        Scope weights = Scope.create();
        assertNull(Scope.current(), "create() does not make the scope current");
        Tensor w;
        try (Scope.Entered ignored = weights.enter()) {
            assertSame(weights, Scope.current());
            w = Tensor.full(DType.F32, 2, 3);  // [2, 2, 2]
        }
        assertNull(Scope.current(), "leaving restores the previous scope");
        try (Scope request = Scope.open()) {
            Tensor y = w.mul(w);
            assertSame(request, y.owner());
            try (Scope.Entered ignored = weights.enter()) {
                assertSame(weights, Scope.current());
            }
            assertSame(request, Scope.current());
        }
        assertEquals(6.0, w.sum().item(), "tensors of a created scope outlive requests");
        Tensor gcCopy = weights.keep(w);
        assertNull(gcCopy.owner(), "keep() from a created scope copies to garbage-collected memory");
        weights.close();
        assertFreed(w, Tensor::sum, "weights after their scope closed");
        assertEquals(6.0, gcCopy.sum().item());
        assertThrows(GatunException.class, weights::enter, "entering a closed scope");
    }

    @Test
    void leafGradientsLiveInTheScopeOfTheLeaf() {
        Scope params = Scope.create();
        Tensor p;
        try (Scope.Entered ignored = params.enter()) {
            p = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        }
        for (int step = 1; step <= 2; step++) {
            try (Scope request = Scope.open()) {
                Tensor loss = p.mul(p).sum();
                loss.backward();
                assertSame(params, p.grad().owner(), "the gradient is allocated with its parameter");
            }
            assertArrayEquals(new float[] {2 * step, 4 * step, 6 * step}, p.grad().toFloatArray(),
                    "the gradient survives the request scope and accumulates, step " + step);
        }
        Tensor free = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        try (Scope ignored = Scope.open()) {
            free.mul(3.0).sum().backward();
        }
        assertNull(free.grad().owner());
        assertArrayEquals(new float[] {3, 3}, free.grad().toFloatArray());
        params.close();
    }

    @Test
    void scopesArePerThread() throws InterruptedException {
        try (Scope mine = Scope.open()) {
            Tensor[] made = new Tensor[1];
            Thread t = new Thread(() -> made[0] = Tensor.zeros(2));
            t.start();
            t.join();
            assertNull(made[0].owner(), "another thread does not allocate in this thread's scope");
            assertSame(mine, Tensor.zeros(2).owner());
        }
    }
}
