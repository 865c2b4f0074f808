package dev.gatun.tokenizers.processors;

import dev.gatun.tensor.GatunException;
import dev.gatun.tokenizers.Encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Frames sequences with a template such as {@code [CLS] $A [SEP] $B:1 [SEP]:1}: each piece is either a
 * sequence (A or B) or a special token, each with the type id its tokens get.
 *
 * @param single        the template for one input
 * @param pair          the template for a pair
 * @param specialTokens the special tokens the templates name, by name
 */
public record TemplateProcessing(List<Piece> single, List<Piece> pair, Map<String, SpecialToken> specialTokens)
        implements PostProcessor {

    /** One element of a template. */
    public sealed interface Piece permits SequencePiece, SpecialTokenPiece {
        /** The type id the piece's tokens get. */
        int typeId();
    }

    /** The tokens of sequence A ({@code sequence} 0) or B (1). */
    public record SequencePiece(int sequence, int typeId) implements Piece {
    }

    /** The special token named {@code id}. */
    public record SpecialTokenPiece(String id, int typeId) implements Piece {
    }

    /** A special token: a name and the ids and strings it expands to (usually one). */
    public record SpecialToken(String id, int[] ids, List<String> tokens) {
        /** Checks that ids and tokens have the same length. */
        public SpecialToken {
            if (ids.length != tokens.size()) {
                throw new GatunException("special token \"" + id + "\" has " + ids.length + " ids but "
                        + tokens.size() + " tokens");
            }
            tokens = List.copyOf(tokens);
        }
    }

    /** Copies the templates and checks that every special token they name exists. */
    public TemplateProcessing {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        specialTokens = Map.copyOf(specialTokens);
        for (Piece p : concat(single, pair)) {
            if (p instanceof SpecialTokenPiece s && !specialTokens.containsKey(s.id())) {
                throw new GatunException("TemplateProcessing: missing special token \"" + s.id() + "\"");
            }
        }
    }

    private static List<Piece> concat(List<Piece> a, List<Piece> b) {
        List<Piece> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof SpecialTokenPiece s) {
                n += specialTokens.get(s.id()).ids().length;
            }
        }
        return n;
    }

    @Override
    public List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens) {
        List<Piece> template = encodings.size() == 2 ? pair : single;
        List<Encoding> out = new ArrayList<>(template.size());
        for (Piece piece : template) {
            switch (piece) {
                case SequencePiece s -> {
                    if (s.sequence() >= encodings.size()) {
                        throw new GatunException("TemplateProcessing: the template for a single input uses $B");
                    }
                    out.add(encodings.get(s.sequence()).withTypeId(s.typeId()).withSequenceId(s.sequence()));
                }
                case SpecialTokenPiece s -> {
                    if (addSpecialTokens) {
                        SpecialToken token = specialTokens.get(s.id());
                        out.add(SpecialTokens.of(token.ids(), token.tokens(), s.typeId()));
                    }
                }
            }
        }
        return out;
    }
}
