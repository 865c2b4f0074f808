#!/usr/bin/env python3
"""Synthetic tokenizers for the components the six real fixtures do not use, and their golden outputs.

Trains six small tokenizers on ../corpus.jsonl with the reference library
(pip install tokenizers==0.23.2) and writes <name>.tokenizer.json and <name>.golden.jsonl. Each
golden record holds, for one input (fixed regression inputs first, then seeded random ones mixing
spaces, scripts, marks, emoji, digits and special-token look-alikes):

  with / without        encode(text, add_special_tokens=True / False)
  esp                   encode(text, False) with encode_special_tokens on (special-token text is plain text)
  pair_with             encode(text, pair, True)
  configured(_pair)     the same with the file's padding/truncation, or {"error": ...} when it raises
  decode, decode_skip, decode_no_special, decode_cut (ids_no_special[cut[0]:cut[1]], may split characters)
  normalized, pre_tokenized (component oracles on the raw text, where the tokenizer has them)

Run from anywhere:  python3 make_synthetic.py
"""
import json
import os
import random

from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

HERE = os.path.dirname(os.path.abspath(__file__))
RECORDS = 150
SEED = 11

# Inputs that once exposed differences: a tie between Unigram segmentations decided by the last bits
# of the scores, two equal combining marks reordered around a third, case-folded contractions.
FIXED = ["x" * 129, "$\u1ed9\u03231", "a\u0301\u0316\u0301", "I'\u017fwear 'LL", "the  <mask>  dog", ""]

PIECES = [
    "a", "b", "z", "A", "Z", "hello", "World", "the", "The", "ing", "'s", "'t", "'re", "'ve", "'m", "'ll", "'d",
    "'S", "'LL", "'D", "\u017f", " ", " ", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u0085",
    "\u2009", "\u3000", "\u200b", "\u200d", "\ufeff", "\u2028", "0", "1", "42", "12345", "\u0663", "\u00bd",
    "\u2167", "\u2460", ".", ",", "!", "?", "-", "_", "$", "(", ")", "[", "]", "{", "}", "<", ">", "/", "\\",
    "@", "#", "%", "^", "&", "*", "+", "=", "|", "~", "`", "\"", "'", "\u00e9", "e\u0301", "\u0301", "\u0316",
    "\u0323", "\u1ed9", "o\u0302\u0323", "\u00f1", "n\u0303", "\u00c5", "\ufb01", "\u00df", "\u0130",
    "\u03a3\u0391\u03a3", "\u03c3", "\u03c2", "\u03a9", "\u0416", "\u0436", "\u4e2d", "\u6587", "\u5b57",
    "\u6f22", "\U00020000", "\U0002a6a5", "\u3053", "\u3093", "\u30ab", "\uff76", "\uff9e", "\ud55c", "\uad6d",
    "\u1100\u1161", "\u0627", "\u0644", "\u0639", "\u05e9", "\u05dc", "\u05d5", "\u092e", "\u0928", "\u093f",
    "\u094d", "\U0001f600", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f3f3\ufe0f\u200d\U0001f308", "\u2764\ufe0f", "\U0001f1fa\U0001f1f8", "1\ufe0f\u20e3", "\ufffd",
    "\u0000", "\u0001", "\u007f", "\u009f", "\ue000", "<|endoftext|>", "<|im_start|>", "<think>", "</think>",
    "<s>", "</s>", "<unk>", "[CLS]", "[SEP]", "[MASK]", "[UNK]", "<|begin_of_text|>", "<|eot_id|>", "\u2581",
    "\u0120", "##", "<0x41>", "http://x.y/z?a=1", "func(x)", "\u210c", "\u338f", "\u2122", "\u2026", "\u2014",
    "\u00ab", "\u00bb", "\u00bf", "\u00a1",
]


def corpus():
    with open(os.path.join(HERE, "..", "corpus.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    return texts * 3 + ["The quick brown fox jumps over the lazy dog. " * 3, "Hello world! Don't stop, it's 2024.",
                        "na\u00efve caf\u00e9 r\u00e9sum\u00e9 Stra\u00dfe"]


def build(texts):
    """The six tokenizers, by name."""
    out = {}

    # WordPiece, NFD + StripAccents + Lowercase, WhitespaceSplit + Punctuation + Digits, BertProcessing,
    # left padding to a multiple, only_first truncation with a stride
    t = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=20))
    t.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(), normalizers.Lowercase()])
    t.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Punctuation("contiguous"),
                                               pre_tokenizers.Digits(individual_digits=True)])
    t.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=600,
                                                           special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]))
    t.post_processor = processors.BertProcessing(("[SEP]", t.token_to_id("[SEP]")), ("[CLS]", t.token_to_id("[CLS]")))
    t.decoder = decoders.WordPiece(cleanup=False)
    t.add_tokens([AddedToken("hello", single_word=True, normalized=True),
                  AddedToken("<x>", lstrip=True, rstrip=False, normalized=False)])
    t.enable_padding(direction="left", pad_id=0, pad_token="[PAD]", pad_to_multiple_of=8)
    t.enable_truncation(max_length=24, stride=3, strategy="only_first", direction="right")
    out["synth-wordpiece"] = t

    # BPE with end-of-word suffix and continuation prefix, NFKC + Strip + Replace, Whitespace, Roberta, BPEDecoder
    t = Tokenizer(models.BPE(unk_token="<unk>", end_of_word_suffix="</w>", continuing_subword_prefix="##", fuse_unk=True))
    t.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Strip(left=True, right=True),
                                         normalizers.Replace(Regex("\\d{2,}"), "#")])
    t.pre_tokenizer = pre_tokenizers.Whitespace()
    t.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=700, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                                                     end_of_word_suffix="</w>", continuing_subword_prefix="##"))
    t.post_processor = processors.RobertaProcessing(("</s>", t.token_to_id("</s>")), ("<s>", t.token_to_id("<s>")),
                                                    trim_offsets=True, add_prefix_space=False)
    t.decoder = decoders.BPEDecoder(suffix="</w>")
    t.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=True)])
    t.enable_truncation(max_length=16, strategy="longest_first", direction="left")
    out["synth-bpe-suffix"] = t

    # Unigram without byte fallback, Nmt + NFKC, Metaspace (prepend first, no split), template with type ids
    t = Tokenizer(models.Unigram())
    t.normalizer = normalizers.Sequence([normalizers.Nmt(), normalizers.NFKC()])
    t.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=False)
    t.train_from_iterator(texts, trainers.UnigramTrainer(vocab_size=2000, special_tokens=["<pad>", "<unk>", "<s>", "</s>"],
                                                         unk_token="<unk>"))
    t.post_processor = processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> $B:1 </s>:1",
                                                     special_tokens=[("<s>", t.token_to_id("<s>")), ("</s>", t.token_to_id("</s>"))])
    t.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="first", split=False)
    out["synth-unigram"] = t

    # WordLevel, Lowercase, Split (merged with next / previous) + CharDelimiterSplit, CTC decoder, fixed padding
    t = Tokenizer(models.WordLevel(unk_token="<unk>"))
    t.normalizer = normalizers.Lowercase()
    t.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Split(Regex("[,.!?]"), "merged_with_next", invert=False),
                                               pre_tokenizers.Split(" ", "merged_with_previous"),
                                               pre_tokenizers.CharDelimiterSplit("x")])
    t.train_from_iterator(texts, trainers.WordLevelTrainer(vocab_size=400, special_tokens=["<pad>", "<unk>"]))
    t.decoder = decoders.CTC(pad_token="<pad>", word_delimiter_token="|", cleanup=True)
    t.enable_padding(pad_id=0, pad_token="<pad>", length=12)
    out["synth-wordlevel"] = t

    # byte-level BPE with a prefix space and trimmed offsets, Roberta, added tokens with every flag
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True, trim_offsets=True)
    t.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=800, special_tokens=["<s>", "<pad>", "</s>", "<unk>"],
                                                     initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    t.post_processor = processors.RobertaProcessing(("</s>", t.token_to_id("</s>")), ("<s>", t.token_to_id("<s>")),
                                                    trim_offsets=True, add_prefix_space=True)
    t.decoder = decoders.ByteLevel()
    t.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=False, normalized=False)])
    t.add_tokens([AddedToken("the", single_word=True), AddedToken(" dog", normalized=True),
                  AddedToken("\u00c4\u00d6", normalized=False, rstrip=True)])
    out["synth-bytelevel"] = t

    # SentencePiece-style BPE with byte fallback and unfused unknowns, BERT cleanup without lowercase, NFKD,
    # an inverted regex split, and the ByteFallback decoder chain
    t = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=False))
    t.normalizer = normalizers.Sequence([
        normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True, strip_accents=False, lowercase=False),
        normalizers.NFKD(), normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    t.pre_tokenizer = pre_tokenizers.Split(Regex("\\p{N}+|[^\\p{N}]+"), "removed", invert=True)
    t.train_from_iterator(texts, trainers.BpeTrainer(vocab_size=600, special_tokens=["<unk>", "<s>", "</s>"]
                                                     + ["<0x%02X>" % b for b in range(256)]))
    t.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s>:1 $B:1",
                                                     special_tokens=[("<s>", t.token_to_id("<s>"))])
    t.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                   decoders.Strip(" ", 1, 0)])
    out["synth-bytefallback"] = t
    return out


def random_text(rng):
    k = rng.choice([0, 1, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 40])
    s = "".join(rng.choice(PIECES) for _ in range(k))
    if rng.random() < 0.05:
        s = rng.choice(["x", "ab", "\u00e9"]) * rng.randint(50, 150)
    return s


def encoding(e):
    return {"ids": e.ids, "tokens": e.tokens, "offsets": [list(o) for o in e.offsets], "type_ids": e.type_ids,
            "special_tokens_mask": e.special_tokens_mask, "word_ids": e.word_ids,
            "attention_mask": e.attention_mask, "overflowing": [o.ids for o in e.overflowing]}


def golden(path, out_path):
    rng = random.Random(SEED)
    configured = Tokenizer.from_file(path)
    raw = Tokenizer.from_file(path)
    raw.no_padding()
    raw.no_truncation()
    esp = Tokenizer.from_file(path)
    esp.no_padding()
    esp.no_truncation()
    esp.encode_special_tokens = True
    with open(out_path, "w", encoding="utf-8") as f:
        for i in range(len(FIXED) + RECORDS):
            text = FIXED[i] if i < len(FIXED) else random_text(rng)
            pair = FIXED[(i + 1) % len(FIXED)] if i < len(FIXED) else random_text(rng)
            w = raw.encode(text, add_special_tokens=True)
            wo = raw.encode(text, add_special_tokens=False)
            rec = {"id": i, "text": text, "pair": pair, "with": encoding(w), "without": encoding(wo),
                   "esp": encoding(esp.encode(text, add_special_tokens=False)),
                   "pair_with": encoding(raw.encode(text, pair, add_special_tokens=True)),
                   "decode": raw.decode(w.ids, skip_special_tokens=False),
                   "decode_skip": raw.decode(w.ids, skip_special_tokens=True),
                   "decode_no_special": raw.decode(wo.ids, skip_special_tokens=False)}
            if wo.ids:
                a = rng.randrange(len(wo.ids))
                b = rng.randrange(a, len(wo.ids)) + 1
                rec["cut"] = [a, b]
                rec["decode_cut"] = raw.decode(wo.ids[a:b], skip_special_tokens=False)
            if raw.normalizer is not None:
                rec["normalized"] = raw.normalizer.normalize_str(text)
            if raw.pre_tokenizer is not None:
                rec["pre_tokenized"] = [[p, list(o)] for p, o in raw.pre_tokenizer.pre_tokenize_str(text)]
            for key, args in (("configured", (text,)), ("configured_pair", (text, pair))):
                try:
                    rec[key] = encoding(configured.encode(*args, add_special_tokens=True))
                except BaseException as ex:  # the reference panics on some truncation settings
                    rec[key] = {"error": str(ex).splitlines()[0]}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    for name, tokenizer in build(corpus()).items():
        tokenizer_path = os.path.join(HERE, name + ".tokenizer.json")
        tokenizer.save(tokenizer_path)
        golden(tokenizer_path, os.path.join(HERE, name + ".golden.jsonl"))
        print(name)
