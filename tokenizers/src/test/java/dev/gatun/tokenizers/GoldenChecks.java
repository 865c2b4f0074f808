package dev.gatun.tokenizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Field-by-field comparison of one golden record with Gatun's output; mismatches are appended as text. */
final class GoldenChecks {

    private GoldenChecks() {
    }

    /** A corpus record: encode with and without special tokens, decodes, oracles, configured settings. */
    static void single(Tokenizer raw, Tokenizer configured, Map<String, Object> r, List<String> out) {
        String id = (String) r.get("id");
        String text = (String) r.get("text");
        Encoding with;
        Encoding without;
        try {
            with = raw.encode(text, true);
            without = raw.encode(text, false);
        } catch (RuntimeException e) {
            out.add(id + ": encode threw " + e);
            return;
        }
        check(out, id, "ids", r.get("ids"), ints(with.ids()));
        check(out, id, "tokens", r.get("tokens"), with.tokens());
        check(out, id, "offsets", r.get("offsets"), offsets(with.offsets()));
        check(out, id, "offsets_utf16", r.get("offsets_utf16"), offsets(with.offsetsUtf16()));
        check(out, id, "special_tokens_mask", r.get("special_tokens_mask"), ints(with.specialTokensMask()));
        check(out, id, "type_ids", r.get("type_ids"), ints(with.typeIds()));
        check(out, id, "word_ids", r.get("word_ids"), wordIds(with.wordIds()));
        check(out, id, "ids_no_special", r.get("ids_no_special"), ints(without.ids()));
        check(out, id, "tokens_no_special", r.get("tokens_no_special"), without.tokens());
        check(out, id, "offsets_no_special", r.get("offsets_no_special"), offsets(without.offsets()));
        check(out, id, "decode", r.get("decode"), raw.decode(with.ids(), false));
        check(out, id, "decode_skip_special", r.get("decode_skip_special"), raw.decode(with.ids(), true));
        check(out, id, "decode_no_special", r.get("decode_no_special"), raw.decode(without.ids(), false));
        if (r.get("normalized") != null) {
            check(out, id, "normalized", r.get("normalized"), raw.normalize(text));
        }
        if (r.get("pre_tokenized") != null) {
            String input = r.get("normalized") != null ? (String) r.get("normalized") : text;
            List<Object> pieces = new ArrayList<>();
            for (PreToken p : raw.preTokenize(input)) {
                pieces.add(List.of(p.text(), List.of((long) p.offsets().start(), (long) p.offsets().end())));
            }
            check(out, id, "pre_tokenized", r.get("pre_tokenized"), pieces);
        }
        if (r.get("configured") instanceof Map<?, ?> c) {
            Encoding e = configured.encode(text, true);
            check(out, id, "configured.ids", c.get("ids"), ints(e.ids()));
            check(out, id, "configured.attention_mask", c.get("attention_mask"), ints(e.attentionMask()));
            List<Object> overflowing = new ArrayList<>();
            for (Encoding o : e.overflowing()) {
                overflowing.add(ints(o.ids()));
            }
            check(out, id, "configured.overflowing", c.get("overflowing"), overflowing);
        }
    }

    /** A pair record. */
    static void pair(Tokenizer raw, Map<String, Object> r, List<String> out) {
        String id = (String) r.get("id");
        Encoding with;
        Encoding without;
        try {
            with = raw.encodePair((String) r.get("text"), (String) r.get("text_pair"), true);
            without = raw.encodePair((String) r.get("text"), (String) r.get("text_pair"), false);
        } catch (RuntimeException e) {
            out.add(id + ": encodePair threw " + e);
            return;
        }
        check(out, id, "ids", r.get("ids"), ints(with.ids()));
        check(out, id, "tokens", r.get("tokens"), with.tokens());
        check(out, id, "type_ids", r.get("type_ids"), ints(with.typeIds()));
        check(out, id, "offsets", r.get("offsets"), offsets(with.offsets()));
        check(out, id, "special_tokens_mask", r.get("special_tokens_mask"), ints(with.specialTokensMask()));
        check(out, id, "ids_no_special", r.get("ids_no_special"), ints(without.ids()));
        check(out, id, "type_ids_no_special", r.get("type_ids_no_special"), ints(without.typeIds()));
        check(out, id, "decode", r.get("decode"), raw.decode(with.ids(), false));
    }

    /** A synthetic-tokenizer record (see {@code synthetic/make_synthetic.py} for its fields). */
    @SuppressWarnings("unchecked")
    static void synthetic(Tokenizer raw, Tokenizer configured, Map<String, Object> r, List<String> out) {
        String id = "#" + r.get("id");
        String text = (String) r.get("text");
        String pair = (String) r.get("pair");
        Encoding with;
        Encoding without;
        try {
            with = raw.encode(text, true);
            without = raw.encode(text, false);
            encoding(out, id, "with", (Map<String, Object>) r.get("with"), with);
            encoding(out, id, "without", (Map<String, Object>) r.get("without"), without);
            encoding(out, id, "esp", (Map<String, Object>) r.get("esp"),
                    raw.withEncodeSpecialTokens(true).encode(text, false));
            encoding(out, id, "pair_with", (Map<String, Object>) r.get("pair_with"), raw.encodePair(text, pair, true));
        } catch (RuntimeException e) {
            out.add(id + ": encode threw " + e);
            return;
        }
        check(out, id, "decode", r.get("decode"), raw.decode(with.ids(), false));
        check(out, id, "decode_skip", r.get("decode_skip"), raw.decode(with.ids(), true));
        check(out, id, "decode_no_special", r.get("decode_no_special"), raw.decode(without.ids(), false));
        if (r.get("cut") instanceof List<?> cut) {
            int from = ((Long) cut.get(0)).intValue();
            int to = ((Long) cut.get(1)).intValue();
            check(out, id, "decode_cut", r.get("decode_cut"),
                    raw.decode(java.util.Arrays.copyOfRange(without.ids(), from, to), false));
        }
        if (r.containsKey("normalized")) {
            check(out, id, "normalized", r.get("normalized"), raw.normalize(text));
        }
        if (r.containsKey("pre_tokenized")) {
            List<Object> pieces = new ArrayList<>();
            for (PreToken p : raw.preTokenize(text)) {
                pieces.add(List.of(p.text(), List.of((long) p.offsets().start(), (long) p.offsets().end())));
            }
            check(out, id, "pre_tokenized", r.get("pre_tokenized"), pieces);
        }
        configuredEncoding(out, id, "configured", (Map<String, Object>) r.get("configured"),
                () -> configured.encode(text, true));
        configuredEncoding(out, id, "configured_pair", (Map<String, Object>) r.get("configured_pair"),
                () -> configured.encodePair(text, pair, true));
    }

    /** An expected encoding, or an expected error ({@code {"error": ...}}). */
    private static void configuredEncoding(List<String> out, String id, String field, Map<String, Object> expected,
            java.util.function.Supplier<Encoding> encode) {
        Encoding actual;
        try {
            actual = encode.get();
        } catch (RuntimeException e) {
            if (!expected.containsKey("error")) {
                out.add(id + " " + field + ": threw " + e);
            }
            return;
        }
        if (expected.containsKey("error")) {
            out.add(id + " " + field + ": expected the error \"" + expected.get("error") + "\" but encoded");
            return;
        }
        encoding(out, id, field, expected, actual);
    }

    private static void encoding(List<String> out, String id, String field, Map<String, Object> e, Encoding a) {
        check(out, id, field + ".ids", e.get("ids"), ints(a.ids()));
        check(out, id, field + ".tokens", e.get("tokens"), a.tokens());
        check(out, id, field + ".offsets", e.get("offsets"), offsets(a.offsets()));
        check(out, id, field + ".type_ids", e.get("type_ids"), ints(a.typeIds()));
        check(out, id, field + ".special_tokens_mask", e.get("special_tokens_mask"), ints(a.specialTokensMask()));
        check(out, id, field + ".attention_mask", e.get("attention_mask"), ints(a.attentionMask()));
        check(out, id, field + ".word_ids", e.get("word_ids"), wordIds(a.wordIds()));
        List<Object> overflowing = new ArrayList<>();
        for (Encoding o : a.overflowing()) {
            overflowing.add(ints(o.ids()));
        }
        check(out, id, field + ".overflowing", e.get("overflowing"), overflowing);
    }

    private static void check(List<String> out, String id, String field, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(id + " " + field + ":\n    expected " + abbreviate(expected) + "\n    actual   "
                    + abbreviate(actual));
        }
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    private static List<Object> ints(int[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add((long) v);
        }
        return out;
    }

    private static List<Object> wordIds(int[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v < 0 ? null : (Object) (long) v);
        }
        return out;
    }

    private static List<Object> offsets(List<Offset> offsets) {
        List<Object> out = new ArrayList<>(offsets.size());
        for (Offset o : offsets) {
            out.add(List.of((long) o.start(), (long) o.end()));
        }
        return out;
    }
}
