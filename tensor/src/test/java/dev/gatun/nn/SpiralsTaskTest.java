package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;

/** The learning proof: an MLP trained from scratch separates two interleaved spirals. */
class SpiralsTaskTest {
    private static final int STEPS = 120;

    @Test
    void trainingDrivesTheLossFarBelowChance() {
        try (SpiralsTask task = SpiralsTask.create(SpiralsTask.Config.defaults())) {
            double initial = task.loss();
            double initialAccuracy = task.accuracy();
            assertEquals(Math.log(2), initial, 0.1, "an untrained classifier is near chance");
            double[] losses = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                losses[i] = task.trainStep();
            }
            assertEquals(initial, losses[0], 1e-6, "the first step reports the loss before its update");
            double last = task.loss();
            double accuracy = task.accuracy();
            assertTrue(last < 0.3 * initial, "loss fell from " + initial + " to " + last);
            assertTrue(accuracy > 0.95, "accuracy rose from " + initialAccuracy + " to " + accuracy);
            assertEquals(STEPS, task.steps());
            assertEquals(128, task.labels().numel());
        }
    }

    @Test
    void sameSeedSameRun() {
        double[] a = new double[5];
        double[] b = new double[5];
        try (SpiralsTask first = SpiralsTask.create(SpiralsTask.Config.defaults());
             SpiralsTask second = SpiralsTask.create(SpiralsTask.Config.defaults())) {
            for (int i = 0; i < 5; i++) {
                a[i] = first.trainStep();
                b[i] = second.trainStep();
            }
        }
        assertArrayEquals(a, b, 0.0);
    }

    @Test
    void closingFreesTheModel() {
        SpiralsTask task = SpiralsTask.create(SpiralsTask.Config.defaults());
        task.close();
        assertThrows(GatunException.class, () -> task.model().parameters().get(0).segment());
        assertThrows(GatunException.class, () -> new SpiralsTask.Config(0, 1, 0, 8, 0.1, 1));
    }
}
