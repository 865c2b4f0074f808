package dev.gatun.tokenizers.processors;

import dev.gatun.tokenizers.Encoding;

import java.util.ArrayList;
import java.util.List;

/**
 * Finishes encodings after the model: adds special tokens ([CLS], [SEP], &lt;s&gt;...), sets type ids,
 * merges a pair into one encoding, or adjusts offsets. Implementations are immutable.
 */
public sealed interface PostProcessor permits TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel,
        Sequence {

    /** How many special tokens {@link #process} adds to a single input or to a pair. */
    int addedTokens(boolean isPair);

    /** Processes one or two encodings; the result may still hold two. */
    List<Encoding> processEncodings(List<Encoding> encodings, boolean addSpecialTokens);

    /**
     * Marks each encoding with its sequence and type id (0 and 1), processes them and merges the result
     * into one encoding.
     */
    default Encoding process(Encoding encoding, Encoding pair, boolean addSpecialTokens) {
        List<Encoding> encodings = new ArrayList<>(2);
        encodings.add(prepare(encoding, 0));
        if (pair != null) {
            encodings.add(prepare(pair, 1));
        }
        return Encoding.merge(processEncodings(encodings, addSpecialTokens), false);
    }

    private static Encoding prepare(Encoding e, int index) {
        List<Encoding> windows = new ArrayList<>(e.overflowing().size());
        for (Encoding w : e.overflowing()) {
            windows.add(w.withSequenceId(index));
        }
        return e.withSequenceId(index).withTypeId(index).withOverflowing(windows);
    }
}
