package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One loaded model, many threads: each forward in its own scope gives what it gives alone. A layer with
 * shared scratch state would mix requests up and miss by far more than rounding.
 */
class BertConcurrencyTest {

    private static float[] run(BertModel model, int seed) {
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + (seed * 7 + i * 3) % 39;
        }
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            return model.forward(Tensor.of(ids, 1, 5), null, null).pooledOutput().toFloatArray();
        }
    }

    @Test
    void concurrentForwardsMatchSequentialOnes() throws Exception {
        BertModel model = BertModelTest.spread(BertModelTest.tiny(true, 31), 32);
        int requests = 24;
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            expected.add(run(model, i));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int seed = i;
                results.add(pool.submit(() -> run(model, seed)));
            }
            for (int i = 0; i < requests; i++) {
                // Not bitwise: the Vector API may sum lanes in another order once the JIT has compiled a kernel.
                assertArrayEquals(expected.get(i), results.get(i).get(), 1e-5f, "request " + i);
            }
        }
    }
}
