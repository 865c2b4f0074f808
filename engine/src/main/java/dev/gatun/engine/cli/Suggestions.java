package dev.gatun.engine.cli;

import java.util.Collection;
import java.util.Optional;

/** Finds the known name closest to a mistyped one, for "did you mean ...?" hints. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code typed}: one it is a prefix of, else the one with the smallest edit
     * distance if that distance is small for the word's length; empty when nothing is close.
     */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        if (typed.length() >= 2) {
            for (String c : candidates) {
                if (c.startsWith(typed)) {
                    return Optional.of(c);
                }
            }
        }
        int limit = Math.max(1, Math.min(3, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typed, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /**
     * Edit distance counting insertions, deletions, substitutions and swaps of adjacent letters as one
     * edit each (optimal string alignment), so "verison" is one edit from "version".
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
