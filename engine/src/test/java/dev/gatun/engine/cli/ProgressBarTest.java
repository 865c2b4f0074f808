package dev.gatun.engine.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final StringBuilder out = new StringBuilder();

    private ProgressBar bar(ProgressBar.Mode mode, long total) {
        return ProgressBar.builder("train", total).output(out).clock(now::get).mode(mode)
                .interval(Duration.ofSeconds(10)).unit("step").build();
    }

    private void at(double seconds) {
        now.set(5 * SECOND + (long) (seconds * SECOND));
    }

    @Test
    void linesModePrintsOncePerIntervalAndAtTheEnd() {
        ProgressBar bar = bar(ProgressBar.Mode.LINES, 100);
        at(1);
        bar.advance(10);
        assertEquals("", out.toString(), "nothing before the first interval");
        at(10);
        bar.metric("loss", 0.12345).advance(40);
        assertEquals("train 50/100 [============>           ]  50%  5.00 step/s  elapsed 0:10  eta 0:10  loss=0.1235\n",
                out.toString());
        at(15);
        bar.advance(10);
        assertEquals(1, out.toString().lines().count(), "interval not yet over");
        at(25);
        bar.metric("loss", 0.05).set(100);
        out.setLength(0);
        bar.close();
        assertEquals("train 100/100 [========================] 100%  4.00 step/s  elapsed 0:25  loss=0.05\n",
                out.toString());
        bar.close();
        assertEquals(1, out.toString().lines().count(), "closing twice prints once");
    }

    @Test
    void barModeRedrawsInPlaceAtMostTenTimesASecond() {
        ProgressBar bar = bar(ProgressBar.Mode.BAR, 4);
        at(1);
        bar.step();
        assertTrue(out.toString().startsWith("\rtrain 1/4 [======>                 ]  25%  1.00 step/s  elapsed 0:01  eta 0:03"),
                out.toString());
        at(1.05);
        bar.step();
        assertEquals(1, out.toString().split("\r", -1).length - 1, "throttled within 100 ms");
        at(1.2);
        bar.metric("loss", 1.5).step();
        assertEquals(2, out.toString().split("\r", -1).length - 1);
        assertTrue(out.toString().endsWith("loss=1.5"), out.toString());
        assertTrue(!out.toString().contains("\n"), "no newline while running");
        at(2);
        bar.close();
        assertTrue(out.toString().endsWith("\n"), "the final draw ends the line");
    }

    @Test
    void barModePadsOverALongerPreviousLine() {
        ProgressBar bar = bar(ProgressBar.Mode.BAR, 0);
        at(1);
        bar.metric("loss", 123.456).step();
        int firstWidth = out.length() - 1;
        at(2);
        bar.step(); // same metrics, shorter rate text would otherwise leave stale characters
        String last = out.substring(out.lastIndexOf("\r") + 1);
        assertTrue(last.length() >= firstWidth, "'" + last + "'");
    }

    @Test
    void reachingTheTotalDrawsImmediately() {
        ProgressBar bar = bar(ProgressBar.Mode.BAR, 2);
        at(1);
        bar.step();
        at(1.01);
        bar.step();
        assertTrue(out.toString().contains("2/2"), out.toString());
    }

    @Test
    void unknownTotalShowsCountAndRate() {
        ProgressBar bar = bar(ProgressBar.Mode.LINES, 0);
        at(10);
        bar.advance(30);
        assertEquals("train 30  3.00 step/s  elapsed 0:10\n", out.toString());
    }

    @Test
    void offModePrintsNothing() {
        ProgressBar bar = bar(ProgressBar.Mode.OFF, 10);
        at(100);
        bar.advance(10);
        bar.close();
        assertEquals("", out.toString());
    }

    @Test
    void concurrentStepsAreAllCounted() throws InterruptedException {
        ProgressBar bar = ProgressBar.builder("work", 4000).output(out).mode(ProgressBar.Mode.BAR).build();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    bar.step();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        bar.close();
        assertEquals(4000, bar.done());
        String last = out.substring(out.lastIndexOf("\r") + 1);
        assertTrue(last.startsWith("work 4000/4000 [========================] 100%"), last);
    }

    @Test
    void modeComesFromTheEnvironmentThenTheTerminal() {
        assertEquals(ProgressBar.Mode.BAR, ProgressBar.modeFor(Map.of(), true));
        assertEquals(ProgressBar.Mode.LINES, ProgressBar.modeFor(Map.of(), false));
        assertEquals(ProgressBar.Mode.BAR, ProgressBar.modeFor(Map.of("GATUN_PROGRESS", "bar"), false));
        assertEquals(ProgressBar.Mode.LINES, ProgressBar.modeFor(Map.of("GATUN_PROGRESS", "LINES"), true));
        assertEquals(ProgressBar.Mode.OFF, ProgressBar.modeFor(Map.of("GATUN_PROGRESS", "off"), true));
        assertEquals(ProgressBar.Mode.LINES, ProgressBar.modeFor(Map.of("GATUN_PROGRESS", "fancy"), false));
    }

    @Test
    void formats() {
        assertEquals("0:00", ProgressBar.formatDuration(0.2));
        assertEquals("1:05", ProgressBar.formatDuration(65));
        assertEquals("1:01:01", ProgressBar.formatDuration(3661));
        assertEquals("123", ProgressBar.formatRate(123.4));
        assertEquals("12.3", ProgressBar.formatRate(12.34));
        assertEquals("0.05", ProgressBar.formatRate(0.05));
        assertEquals("0.123", ProgressBar.formatMetric(0.123));
        assertEquals("2", ProgressBar.formatMetric(2.0));
        assertEquals("1235", ProgressBar.formatMetric(1234.5));
        assertEquals("1.000e-05", ProgressBar.formatMetric(1e-5));
        assertEquals("0", ProgressBar.formatMetric(0));
        assertEquals("NaN", ProgressBar.formatMetric(Double.NaN));
    }
}
