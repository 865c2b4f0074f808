package dev.gatun.nn;

import dev.gatun.tensor.GatunException;
import java.util.Arrays;

/** Argument checks shared by {@link Conv1d} and {@link Conv2d}, so both report bad sizes alike. */
final class ConvChecks {
    private ConvChecks() {
    }

    static void channels(String layer, int in, int out, int groups) {
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new GatunException(layer + " needs positive channel counts divisible by groups, got in_channels="
                    + in + ", out_channels=" + out + ", groups=" + groups);
        }
    }

    /** Checks there are {@code count} values, each at least {@code min}, and returns a copy. */
    static int[] sizes(String name, int[] values, int count, int min) {
        if (values.length != count || Arrays.stream(values).anyMatch(v -> v < min)) {
            throw new GatunException(name + " must be " + count + " value(s) >= " + min + ", got "
                    + Arrays.toString(values));
        }
        return values.clone();
    }
}
