package dev.gatun.tokenizers.models;

import java.util.Arrays;
import java.util.Map;

/**
 * A trie over UTF-16 units answering "which vocabulary pieces start here", shortest first. Edges live
 * in one {@link LongIntMap} keyed by (node, unit), so a 250k-piece vocabulary costs a few arrays rather
 * than a map per node. Read-only after construction.
 */
final class CharTrie {
    private final LongIntMap edges;
    /** The piece id ending at each node, or -1. */
    private int[] terminal;
    private int nodes = 1;

    /** A trie holding each key of {@code entries}, ending at its value. */
    CharTrie(Map<String, Integer> entries) {
        int total = 0;
        for (String p : entries.keySet()) {
            total += p.length();
        }
        edges = new LongIntMap(total + 1);
        terminal = new int[Math.max(16, total + 1)];
        Arrays.fill(terminal, -1);
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            String p = e.getKey();
            int node = 0;
            for (int i = 0; i < p.length(); i++) {
                long key = key(node, p.charAt(i));
                int child = edges.get(key);
                if (child < 0) {
                    child = nodes++;
                    edges.put(key, child);
                }
                node = child;
            }
            if (node != 0) {
                terminal[node] = e.getValue();
            }
        }
    }

    /**
     * Writes the end positions and ids of every piece that matches {@code s} at {@code start} into
     * {@code ends}/{@code ids}, shortest first, and returns how many there are.
     */
    int prefixMatches(String s, int start, int[] ends, int[] ids) {
        int count = 0;
        int node = 0;
        for (int i = start; i < s.length(); i++) {
            node = edges.get(key(node, s.charAt(i)));
            if (node < 0) {
                break;
            }
            if (terminal[node] >= 0) {
                ends[count] = i + 1;
                ids[count] = terminal[node];
                count++;
            }
        }
        return count;
    }

    /**
     * The end of the longest piece matching {@code s} at {@code start}, or -1; its id goes to
     * {@code id[0]}.
     */
    int longestMatch(String s, int start, int[] id) {
        int best = -1;
        int node = 0;
        for (int i = start; i < s.length(); i++) {
            node = edges.get(key(node, s.charAt(i)));
            if (node < 0) {
                break;
            }
            if (terminal[node] >= 0) {
                best = i + 1;
                id[0] = terminal[node];
            }
        }
        return best;
    }

    private static long key(int node, char c) {
        return ((long) node << 16) | c;
    }
}
