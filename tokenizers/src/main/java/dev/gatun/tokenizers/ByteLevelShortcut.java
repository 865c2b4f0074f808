package dev.gatun.tokenizers;

import dev.gatun.tokenizers.models.BPE;
import dev.gatun.tokenizers.models.Model;
import dev.gatun.tokenizers.normalizers.NFC;
import dev.gatun.tokenizers.normalizers.Normalizer;
import dev.gatun.tokenizers.pretokenizers.ByteLevel;
import dev.gatun.tokenizers.pretokenizers.PreTokenizer;
import dev.gatun.tokenizers.pretokenizers.Sequence;
import dev.gatun.tokenizers.pretokenizers.Split;
import dev.gatun.tokenizers.text.ByteLevelAlphabet;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.text.Token;
import dev.gatun.tokenizers.text.WordScanners;
import dev.gatun.tokenizers.unicode.UnicodeForms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encode steps of byte-level BPE tokenizers (GPT-2, Llama 3, Qwen) on text their normalizer leaves
 * unchanged, without the general pipeline's intermediate strings: since nothing is rewritten but the
 * byte alphabet, every offset follows from the word positions and the UTF-8 lengths of characters.
 *
 * <p>The general pipeline ({@link EncodePipeline}) stays the reference: this path gives up (returns
 * null) whenever its assumptions fail, and the golden tests and {@code ByteLevelShortcutProperties}
 * check that both produce the same encodings.
 */
final class ByteLevelShortcut {
    private final AddedVocabulary added;
    private final BPE model;
    private final WordScanners.Scanner scanner;
    private final boolean nfc;
    /** Tokens by word (as written in the input); the byte alphabet is a bijection, so this keys like the model's cache. */
    private final ConcurrentHashMap<String, WordTokens> cache = new ConcurrentHashMap<>();

    private static final int CACHE_CAPACITY = 10_000;
    private static final int CACHE_MAX_WORD = 128;

    private ByteLevelShortcut(AddedVocabulary added, BPE model, WordScanners.Scanner scanner, boolean nfc) {
        this.added = added;
        this.model = model;
        this.scanner = scanner;
        this.nfc = nfc;
    }

    /** The shortcut for this configuration, or null when it does not apply. */
    static ByteLevelShortcut of(AddedVocabulary added, Normalizer normalizer, PreTokenizer preTokenizer, Model model) {
        if (!(model instanceof BPE bpe) || !(normalizer == null || normalizer instanceof NFC)) {
            return null;
        }
        WordScanners.Scanner scanner = null;
        if (preTokenizer instanceof ByteLevel b && !b.addPrefixSpace() && b.useRegex()) {
            scanner = WordScanners.forPattern(WordScanners.GPT2);
        } else if (preTokenizer instanceof Sequence(List<PreTokenizer> steps) && steps.size() == 2
                && steps.get(0) instanceof Split(TextPattern.Scanned(WordScanners.Scanner s),
                        SplitDelimiterBehavior behavior, boolean invert)
                && behavior == SplitDelimiterBehavior.ISOLATED && !invert
                && steps.get(1) instanceof ByteLevel b && !b.addPrefixSpace() && !b.useRegex()) {
            scanner = s;
        }
        return scanner == null ? null : new ByteLevelShortcut(added, bpe, scanner, normalizer != null);
    }

    /** The encoding of one sequence, or null when this text needs the general pipeline. */
    Encoding encode(String sequence, int typeId) {
        if (nfc && !UnicodeForms.isNormalized(sequence, UnicodeForms.Form.NFC)) {
            return null;
        }
        Collector out = new Collector(sequence, typeId);
        int[] raw = added.cut(sequence, false);
        for (int i = 0; i < raw.length; i += 3) {
            if (raw[i + 2] >= 0) {
                out.addedToken(raw[i], raw[i + 1], raw[i + 2]);
                continue;
            }
            int base = raw[i];
            String segment = sequence.substring(raw[i], raw[i + 1]);
            int[] normalized = added.cut(segment, true);
            for (int k = 0; k < normalized.length; k += 3) {
                int start = base + normalized[k];
                int end = base + normalized[k + 1];
                if (normalized[k + 2] >= 0) {
                    out.addedToken(start, end, normalized[k + 2]);
                } else {
                    words(sequence.substring(start, end), start, out);
                }
            }
        }
        return out.build();
    }

    /** Cuts a plain segment into words, spells each in the byte alphabet and runs the model on it. */
    private void words(String segment, int base, Collector out) {
        for (int i = 0; i < segment.length(); ) {
            int end = scanner.matchEnd(segment, i);
            String text = segment.substring(i, end);
            WordTokens word = cache.get(text);
            if (word == null) {
                word = tokenize(ByteWord.of(segment, i, end));
                if (word.relative() && text.length() < CACHE_MAX_WORD && cache.size() < CACHE_CAPACITY) {
                    cache.putIfAbsent(text, word);
                }
            }
            for (int k = 0; k < word.ids().length; k++) {
                int shift = word.relative() || word.mapped()[k] ? base + i : 0;
                out.add(word.ids()[k], word.values()[k], shift + word.starts()[k], shift + word.ends()[k]);
            }
            out.nextWord();
            i = end;
        }
    }

    /** Runs the model on a word and maps its token offsets to UTF-16 units of the word. */
    private WordTokens tokenize(ByteWord word) {
        List<Token> tokens = model.tokenize(word.text);
        int n = tokens.size();
        WordTokens out = new WordTokens(new int[n], new String[n], new int[n], new int[n], new boolean[n], true);
        boolean relative = true;
        for (int k = 0; k < n; k++) {
            Token t = tokens.get(k);
            out.ids()[k] = t.id();
            out.values()[k] = t.value();
            out.starts()[k] = word.start(t.start(), t.end());
            out.ends()[k] = word.end(t.start(), t.end());
            out.mapped()[k] = word.mapped(t.start(), t.end());
            relative &= out.mapped()[k];
        }
        return relative ? out : new WordTokens(out.ids(), out.values(), out.starts(), out.ends(), out.mapped(), false);
    }

    /**
     * A word's tokens with offsets relative to the word; when not all are {@code relative}, the
     * unmapped ones hold the model's raw offsets, which the reference keeps as they are.
     */
    private record WordTokens(int[] ids, String[] values, int[] starts, int[] ends, boolean[] mapped,
            boolean relative) {
    }

    /** A word in the byte alphabet, with the source character of each byte. */
    private record ByteWord(String text, int[] charStart, int[] charEnd) {
        static ByteWord of(String s, int from, int to) {
            boolean ascii = true;
            for (int i = from; i < to && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (ascii) {
                char[] mapped = new char[to - from];
                for (int i = from; i < to; i++) {
                    mapped[i - from] = ByteLevelAlphabet.charOf(s.charAt(i));
                }
                return new ByteWord(new String(mapped), null, null);
            }
            int capacity = 3 * (to - from);
            char[] mapped = new char[capacity];
            int[] starts = new int[capacity];
            int[] ends = new int[capacity];
            byte[] bytes = new byte[4];
            int b = 0;
            for (int i = from; i < to; ) {
                int cp = s.codePointAt(i);
                int next = i + Character.charCount(cp);
                int n = ByteLevelAlphabet.utf8(cp, bytes);
                for (int k = 0; k < n; k++, b++) {
                    mapped[b] = ByteLevelAlphabet.charOf(bytes[k]);
                    starts[b] = i - from;
                    ends[b] = next - from;
                }
                i = next;
            }
            return new ByteWord(new String(mapped, 0, b), starts, ends);
        }

        /** Whether a token [start, end) maps into the word; the reference keeps unmappable offsets as they are. */
        boolean mapped(int start, int end) {
            return start == end || (start < end && end <= text.length());
        }

        /** Where a token [start, end) starts in the word (or its raw start when unmappable). */
        int start(int start, int end) {
            if (start == end || !mapped(start, end)) {
                return start;
            }
            return charStart == null ? start : charStart[start];
        }

        /** Where a token [start, end) ends in the word (or its raw end when unmappable). */
        int end(int start, int end) {
            if (start == end || !mapped(start, end)) {
                return end;
            }
            return charEnd == null ? end : charEnd[end - 1];
        }
    }

    /** Accumulates the tokens of one sequence in encoding order. */
    private static final class Collector {
        private final String sequence;
        private final int typeId;
        private final CodePointOffsets converter;
        private int[] ids = new int[16];
        private int[] words = new int[16];
        private final List<String> tokens = new ArrayList<>();
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private int[] starts16 = new int[16];
        private int[] ends16 = new int[16];
        private int n;
        private int word;

        Collector(String sequence, int typeId) {
            this.sequence = sequence;
            this.typeId = typeId;
            this.converter = new CodePointOffsets(sequence);
        }

        void addedToken(int start, int end, int id) {
            add(id, sequence.substring(start, end), start, end);
            word++;
        }

        void nextWord() {
            word++;
        }

        void add(int id, String value, int start, int end) {
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                words = Arrays.copyOf(words, n * 2);
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
                starts16 = Arrays.copyOf(starts16, n * 2);
                ends16 = Arrays.copyOf(ends16, n * 2);
            }
            ids[n] = id;
            words[n] = word;
            starts16[n] = start;
            ends16[n] = end;
            converter.convert(start, end, starts, ends, n);
            n++;
            tokens.add(value);
        }

        Encoding build() {
            if (n == 0) {
                return Encoding.empty();
            }
            int[] types = new int[n];
            Arrays.fill(types, typeId);
            int[] ones = new int[n];
            Arrays.fill(ones, 1);
            return new Encoding(Arrays.copyOf(ids, n), tokens,
                    new OffsetList(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n)),
                    new OffsetList(Arrays.copyOf(starts16, n), Arrays.copyOf(ends16, n)), types, new int[n], ones,
                    Arrays.copyOf(words, n), new int[n], List.of());
        }
    }
}
