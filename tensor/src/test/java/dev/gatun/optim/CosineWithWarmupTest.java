package dev.gatun.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CosineWithWarmupTest {
    private final CosineWithWarmup schedule = new CosineWithWarmup(1e-3, 10, 110, 1e-4);

    @Test
    void warmsUpLinearlyFromZero() {
        assertEquals(0.0, schedule.lr(0));
        assertEquals(1e-4, schedule.lr(1), 1e-18);
        assertEquals(5e-4, schedule.lr(5), 1e-18);
        assertEquals(9e-4, schedule.lr(9), 1e-18);
    }

    @Test
    void decaysAlongACosineToTheFloor() {
        assertEquals(1e-3, schedule.lr(10), 1e-18);                       // peak
        // Halfway through the decay the cosine term is (1 + cos(pi/2)) / 2 = 1/2.
        assertEquals(1e-4 + 0.5 * 9e-4, schedule.lr(60), 1e-15);
        // A quarter through: (1 + cos(pi/4)) / 2.
        assertEquals(1e-4 + 9e-4 * (1 + Math.sqrt(0.5)) / 2, schedule.lr(35), 1e-15);
        assertEquals(1e-4, schedule.lr(110), 1e-18);
        assertEquals(1e-4, schedule.lr(1000), 1e-18);                     // stays at the floor
    }

    @Test
    void appliesToAnOptimizer() {
        try (SGD sgd = new SGD(List.of(Tensor.zeros(DType.F32, 1).requiresGrad(true)), 1.0)) {
            double lr = schedule.apply(sgd, 5);
            assertEquals(5e-4, lr, 1e-18);
            assertEquals(lr, sgd.lr());
        }
    }

    @Test
    void noWarmupStartsAtThePeak() {
        CosineWithWarmup s = new CosineWithWarmup(2.0, 0, 4, 0.0);
        assertEquals(2.0, s.lr(0));
        assertEquals(1.0, s.lr(2), 1e-15);
        assertEquals(0.0, s.lr(4), 1e-15);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(GatunException.class, () -> new CosineWithWarmup(1e-3, 20, 10, 0));
        assertThrows(GatunException.class, () -> new CosineWithWarmup(1e-3, 0, 10, 1e-2));
        assertThrows(GatunException.class, () -> schedule.lr(-1));
    }
}
