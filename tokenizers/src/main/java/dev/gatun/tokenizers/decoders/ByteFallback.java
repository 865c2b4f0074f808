package dev.gatun.tokenizers.decoders;

import dev.gatun.tokenizers.unicode.Utf8;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns runs of {@code <0xNN>} byte tokens back into text. A run that is not valid UTF-8 becomes one
 * U+FFFD per byte.
 */
public record ByteFallback() implements Decoder {
    @Override
    public List<String> decodeChain(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        byte[] run = new byte[16];
        int n = 0;
        for (String token : tokens) {
            int b = byteValue(token);
            if (b >= 0) {
                if (n == run.length) {
                    run = java.util.Arrays.copyOf(run, n * 2);
                }
                run[n++] = (byte) b;
                continue;
            }
            flush(run, n, out);
            n = 0;
            out.add(token);
        }
        flush(run, n, out);
        return out;
    }

    private static void flush(byte[] run, int n, List<String> out) {
        if (n == 0) {
            return;
        }
        String s = Utf8.decodeStrict(run, n);
        if (s != null) {
            out.add(s);
        } else {
            for (int i = 0; i < n; i++) {
                out.add("\uFFFD");
            }
        }
    }

    /** The byte a {@code <0xNN>} token stands for, or -1. */
    private static int byteValue(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        String hex = token.substring(3, 5);
        if (hex.charAt(0) == '+') {
            hex = hex.substring(1); // Rust's from_str_radix accepts a leading plus sign
        }
        try {
            return Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
