package dev.gatun.models.bert;

import dev.gatun.tensor.Tensor;
import java.util.Map;

/**
 * BERT's forward pass written out with plain loops in double precision, from the paper and Hugging
 * Face's {@code modeling_bert.py}, sharing no code with {@link BertModel}: the reference the model is
 * compared with. Slow; for tiny configs only.
 */
final class BertReference {
    private final BertConfig c;
    private final Map<String, Tensor> w;

    BertReference(BertConfig config, Map<String, Tensor> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Last hidden states [b][t][channel] for ids [b][t] with mask [b][t] (1 keep, 0 padding), token types 0. */
    double[][][] forward(int[][] ids, int[][] mask) {
        int batch = ids.length;
        double[][][] out = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            int t = ids[b].length;
            double[][] h = new double[t][];
            for (int i = 0; i < t; i++) {
                double[] x = new double[c.hiddenSize()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = at("embeddings.word_embeddings.weight", ids[b][i], j)
                            + at("embeddings.position_embeddings.weight", i, j)
                            + at("embeddings.token_type_embeddings.weight", 0, j);
                }
                h[i] = layerNorm(x, "embeddings.LayerNorm");
            }
            for (int l = 0; l < c.numHiddenLayers(); l++) {
                h = layer(h, mask[b], "encoder.layer." + l + ".");
            }
            out[b] = h;
        }
        return out;
    }

    private double[][] layer(double[][] h, int[] mask, String p) {
        int t = h.length;
        int heads = c.numAttentionHeads();
        int d = c.headSize();
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            q[i] = linear(h[i], p + "attention.self.query");
            k[i] = linear(h[i], p + "attention.self.key");
            v[i] = linear(h[i], p + "attention.self.value");
        }
        double[][] context = new double[t][c.hiddenSize()];
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < t; i++) {
                double[] scores = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double s = 0;
                    for (int e = 0; e < d; e++) {
                        s += q[i][head * d + e] * k[j][head * d + e];
                    }
                    scores[j] = s / Math.sqrt(d) + (mask[j] == 1 ? 0 : -Float.MAX_VALUE);
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int e = 0; e < d; e++) {
                        context[i][head * d + e] += scores[j] / sum * v[j][head * d + e];
                    }
                }
            }
        }
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            double[] attn = add(linear(context[i], p + "attention.output.dense"), h[i]);
            attn = layerNorm(attn, p + "attention.output.LayerNorm");
            double[] up = linear(attn, p + "intermediate.dense");
            for (int j = 0; j < up.length; j++) {
                up[j] = 0.5 * up[j] * (1 + erf(up[j] / Math.sqrt(2)));
            }
            out[i] = layerNorm(add(linear(up, p + "output.dense"), attn), p + "output.LayerNorm");
        }
        return out;
    }

    private double[] linear(double[] x, String name) {
        Tensor weight = w.get(name + ".weight");
        double[] y = new double[weight.size(0)];
        for (int o = 0; o < y.length; o++) {
            double s = at(name + ".bias", o);
            for (int i = 0; i < x.length; i++) {
                s += at(name + ".weight", o, i) * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private double[] layerNorm(double[] x, String name) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + c.layerNormEps()) * at(name + ".weight", i) + at(name + ".bias", i);
        }
        return y;
    }

    private static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    private double at(String name, int... index) {
        return w.get(name).getDouble(index);
    }

    /** erf by its Maclaurin series, exact to ~1e-12 for |x| < 5 and within 2e-12 of ±1 beyond. */
    static double erf(double x) {
        if (Math.abs(x) >= 6) {
            return Math.signum(x);
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
