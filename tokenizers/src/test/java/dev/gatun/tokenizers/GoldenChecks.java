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
