package dev.gatun.engine.cli;

import java.io.Flushable;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of long work (training steps, benchmark repetitions, files) on standard error.
 *
 * <pre>
 * train 45/100 [==========>             ]  45%  12.3 step/s  elapsed 0:04  eta 0:04  loss=0.123
 * </pre>
 *
 * <p>On a terminal ({@link Mode#BAR}) the line is redrawn in place with a carriage return, at most ten
 * times a second. Elsewhere ({@link Mode#LINES}) one line is printed every interval (ten seconds by
 * default) and one at the end, so a CI log of a long run stays short. {@link Mode#OFF} prints nothing.
 * The mode comes from {@code GATUN_PROGRESS} ({@code bar}, {@code lines} or {@code off}) when set,
 * else from whether the JVM has a terminal.
 *
 * <p>Thread-safe: workers may call {@link #step()} concurrently. The clock and output are injectable so
 * that tests see exact text.
 *
 * {@snippet :
 * try (ProgressBar bar = io.progress("train", steps)) {
 *     for (int step = 0; step < steps; step++) {
 *         double loss = trainStep();
 *         bar.metric("loss", loss).step();
 *     }
 * }   // prints the final line
 * }
 */
public final class ProgressBar implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        /** Redrawn in place on one terminal line. */
        BAR,
        /** A line every interval and at the end, for logs. */
        LINES,
        /** Nothing. */
        OFF
    }

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final String label;
    private final long total;
    private final String unit;
    private final Appendable out;
    private final LongSupplier clock;
    private final Mode mode;
    private final long intervalNanos;
    private final long startNanos;
    private final Map<String, String> metrics = new LinkedHashMap<>();
    private long done;
    private long lastDrawNanos;
    private boolean drawn;
    private int lastWidth;
    private boolean closed;

    private ProgressBar(Builder b) {
        this.label = b.label;
        this.total = b.total;
        this.unit = b.unit;
        this.out = b.out;
        this.clock = b.clock;
        this.mode = b.mode;
        this.intervalNanos = b.interval.toNanos();
        this.startNanos = clock.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** Starts describing a bar for {@code total} items; a total of 0 or less means "unknown". */
    public static Builder builder(String label, long total) {
        return new Builder(label, total);
    }

    /** The mode for an environment: {@code GATUN_PROGRESS} if valid, else BAR on a terminal, LINES otherwise. */
    public static Mode modeFor(Map<String, String> env, boolean terminal) {
        String setting = env.getOrDefault("GATUN_PROGRESS", "").strip().toLowerCase(Locale.ROOT);
        return switch (setting) {
            case "bar" -> Mode.BAR;
            case "lines" -> Mode.LINES;
            case "off" -> Mode.OFF;
            default -> terminal ? Mode.BAR : Mode.LINES;
        };
    }

    /** One more item done. */
    public void step() {
        advance(1);
    }

    /** {@code n} more items done. */
    public synchronized void advance(long n) {
        done += n;
        maybeDraw();
    }

    /** Sets the number of items done so far. */
    public synchronized void set(long itemsDone) {
        done = itemsDone;
        maybeDraw();
    }

    /** Items done so far. */
    public synchronized long done() {
        return done;
    }

    /** Shows {@code name=value} after the timings from the next redraw on; returns this for chaining. */
    public synchronized ProgressBar metric(String name, double value) {
        metrics.put(name, formatMetric(value));
        return this;
    }

    /** Draws the final state and ends the line; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mode != Mode.OFF) {
            draw(clock.getAsLong(), true);
        }
    }

    private void maybeDraw() {
        if (closed || mode == Mode.OFF) {
            return;
        }
        long now = clock.getAsLong();
        boolean due = switch (mode) {
            case BAR -> !drawn || now - lastDrawNanos >= REDRAW_NANOS || (total > 0 && done >= total);
            case LINES -> now - lastDrawNanos >= intervalNanos;
            case OFF -> false;
        };
        if (due) {
            draw(now, false);
        }
    }

    private void draw(long now, boolean last) {
        String line = line(now, last);
        StringBuilder sb = new StringBuilder();
        if (mode == Mode.BAR) {
            // Pad over the remains of a longer previous line; \r alone would leave them visible.
            sb.append('\r').append(line).append(" ".repeat(Math.max(0, lastWidth - line.length())));
            if (last) {
                sb.append('\n');
            }
        } else {
            sb.append(line).append('\n');
        }
        lastWidth = line.length();
        lastDrawNanos = now;
        drawn = true;
        try {
            out.append(sb);
            if (out instanceof Flushable f) {
                f.flush();
            }
        } catch (IOException ignored) {
            // Progress is advisory: a closed or broken stderr must not stop the work it describes.
        }
    }

    /** The text of the bar at time {@code now}; {@code last} drops the ETA. */
    String line(long now, boolean last) {
        double seconds = (now - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder(label);
        if (total > 0) {
            sb.append(' ').append(done).append('/').append(total).append(' ').append(bar());
            sb.append(String.format(Locale.ROOT, " %3d%%", percent()));
        } else {
            sb.append(' ').append(done);
        }
        double rate = seconds > 0 ? done / seconds : 0;
        sb.append("  ").append(seconds > 0 ? formatRate(rate) : "-").append(' ').append(unit).append("/s");
        sb.append("  elapsed ").append(formatDuration(seconds));
        if (total > 0 && !last && done < total) {
            sb.append("  eta ").append(rate > 0 ? formatDuration((total - done) / rate) : "?");
        }
        metrics.forEach((name, value) -> sb.append("  ").append(name).append('=').append(value));
        return sb.toString();
    }

    private int percent() {
        return (int) Math.min(100, done * 100 / total);
    }

    private String bar() {
        int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        StringBuilder sb = new StringBuilder("[").append("=".repeat(filled));
        if (filled < BAR_WIDTH) {
            sb.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
        }
        return sb.append(']').toString();
    }

    static String formatRate(double rate) {
        String pattern = rate >= 100 ? "%.0f" : rate >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, rate);
    }

    /** {@code m:ss} under an hour, {@code h:mm:ss} from then on. */
    static String formatDuration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Four significant digits without trailing zeros; scientific notation for very large or small values. */
    static String formatMetric(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** Settings of a {@link ProgressBar}; every setting has a default except the label and total. */
    public static final class Builder {
        private final String label;
        private final long total;
        private String unit = "it";
        private Appendable out = System.err;
        private LongSupplier clock = System::nanoTime;
        private Mode mode = Mode.LINES;
        private Duration interval = Duration.ofSeconds(10);

        private Builder(String label, long total) {
            this.label = Objects.requireNonNull(label, "label");
            this.total = total;
        }

        /** The name of one item in the rate, e.g. {@code "step"} for "12.3 step/s"; default {@code "it"}. */
        public Builder unit(String unit) {
            this.unit = Objects.requireNonNull(unit, "unit");
            return this;
        }

        /** Where the bar is written; default standard error. */
        public Builder output(Appendable out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** A nanosecond clock; default {@link System#nanoTime()}. */
        public Builder clock(LongSupplier nanos) {
            this.clock = Objects.requireNonNull(nanos, "clock");
            return this;
        }

        /** How the bar is shown; default {@link Mode#LINES}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** How often {@link Mode#LINES} prints; default ten seconds. */
        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Writes to {@code io}'s standard error in the mode its environment and terminal call for. */
        public Builder forTerminal(Io io) {
            java.io.Console console = System.console();
            this.out = io.err();
            this.mode = modeFor(io.env(), console != null && console.isTerminal());
            return this;
        }

        public ProgressBar build() {
            return new ProgressBar(this);
        }
    }
}
