package dev.gatun.tokenizers.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The input of one sequence cut into splits ("words"), each a {@link NormalizedString} that may
 * already carry its tokens (added tokens are tokenized when they are split out). Pre-tokenizers keep
 * cutting the untokenized splits; the model then tokenizes each of them.
 *
 * <p>Splits whose normalized text is empty are dropped after every cut, as in the reference.
 */
public final class PreTokenizedString {

    /** One split and, once tokenized, its tokens (null before). */
    public record Split(NormalizedString normalized, List<Token> tokens) {
        /** An untokenized split. */
        public static Split of(NormalizedString normalized) {
            return new Split(normalized, null);
        }
    }

    /** Cuts one split into pieces. */
    @FunctionalInterface
    public interface Splitter {
        /** The pieces of split number {@code index}. */
        List<NormalizedString> split(int index, NormalizedString split);
    }

    private final String original;
    private List<Split> splits;

    private PreTokenizedString(String original, List<Split> splits) {
        this.original = original;
        this.splits = splits;
    }

    /** A single untokenized split holding {@code s}. */
    public static PreTokenizedString from(String s) {
        List<Split> splits = new ArrayList<>(1);
        splits.add(Split.of(NormalizedString.from(s)));
        return new PreTokenizedString(s, splits);
    }

    /** A single split holding an already normalized string. */
    public static PreTokenizedString from(NormalizedString s) {
        List<Split> splits = new ArrayList<>(1);
        splits.add(Split.of(s));
        return new PreTokenizedString(s.original(), splits);
    }

    /** The text this string was made from. */
    public String original() {
        return original;
    }

    /** The current splits, in order. */
    public List<Split> splits() {
        return Collections.unmodifiableList(splits);
    }

    /** Cuts every untokenized split with {@code splitter}. */
    public void split(Splitter splitter) {
        List<Split> next = new ArrayList<>(splits.size() * 2);
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            if (s.tokens() != null) {
                next.add(s);
                continue;
            }
            for (NormalizedString piece : splitter.split(i, s.normalized())) {
                if (!piece.isEmpty()) {
                    next.add(Split.of(piece));
                }
            }
        }
        splits = next;
    }

    /** Cuts every untokenized split into splits that may already carry tokens. */
    public void splitWithTokens(Function<NormalizedString, List<Split>> splitter) {
        List<Split> next = new ArrayList<>(splits.size() * 2);
        for (Split s : splits) {
            if (s.tokens() != null) {
                next.add(s);
                continue;
            }
            for (Split piece : splitter.apply(s.normalized())) {
                if (!piece.normalized().isEmpty()) {
                    next.add(piece);
                }
            }
        }
        splits = next;
    }

    /** Rewrites the text of every untokenized split in place. */
    public void normalize(Consumer<NormalizedString> normalizer) {
        for (Split s : splits) {
            if (s.tokens() == null) {
                normalizer.accept(s.normalized());
            }
        }
    }

    /** Tokenizes every untokenized split with {@code model}. */
    public void tokenize(Function<String, List<Token>> model) {
        for (int i = 0; i < splits.size(); i++) {
            Split s = splits.get(i);
            if (s.tokens() == null) {
                splits.set(i, new Split(s.normalized(), model.apply(s.normalized().get())));
            }
        }
    }

    /**
     * Tokenizes splits from one end until at least {@code maxTokens} tokens exist, and drops the splits
     * beyond: truncation would discard their tokens anyway. Left-to-right when {@code fromLeft} is
     * false (right truncation keeps the start), right-to-left otherwise.
     */
    public void tokenizeWithLimit(Function<String, List<Token>> model, int maxTokens, boolean fromRight) {
        int total = 0;
        int n = splits.size();
        if (fromRight) {
            int first = n;
            for (int i = n - 1; i >= 0; i--) {
                Split s = splits.get(i);
                first = i;
                if (s.tokens() != null) {
                    total += s.tokens().size();
                    continue;
                }
                List<Token> tokens = model.apply(s.normalized().get());
                splits.set(i, new Split(s.normalized(), tokens));
                total += tokens.size();
                if (total >= maxTokens) {
                    break;
                }
            }
            splits = new ArrayList<>(splits.subList(first, n));
        } else {
            int last = 0;
            for (int i = 0; i < n; i++) {
                Split s = splits.get(i);
                last = i + 1;
                if (s.tokens() != null) {
                    total += s.tokens().size();
                    continue;
                }
                List<Token> tokens = model.apply(s.normalized().get());
                splits.set(i, new Split(s.normalized(), tokens));
                total += tokens.size();
                if (total >= maxTokens) {
                    break;
                }
            }
            splits = new ArrayList<>(splits.subList(0, last));
        }
    }
}
