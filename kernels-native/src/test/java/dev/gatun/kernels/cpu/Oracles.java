package dev.gatun.kernels.cpu;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.Tensor;

/**
 * Plain loops in double precision, written straight from each kernel's formula: what the parity suite
 * holds every backend to, the composed Java references included. Inputs are read through
 * {@link Tensor#getDouble}, so narrow dtypes contribute exactly their rounded values.
 */
final class Oracles {
    private Oracles() {
    }

    static double at(Tensor t, int... i) {
        return t.getDouble(i);
    }

    /** softmax of each row of x seen as (rows, last). */
    static double[] softmax(double[] x, int cols) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / Math.max(cols, 1); r++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                m = Math.max(m, x[r * cols + c]);
            }
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += Math.exp(x[r * cols + c] - m);
            }
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = Math.exp(x[r * cols + c] - m) / s;
            }
        }
        return out;
    }

    static double[] layerNorm(double[] x, int cols, double[] w, double[] b, double eps) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / Math.max(cols, 1); r++) {
            double mean = 0;
            for (int c = 0; c < cols; c++) {
                mean += x[r * cols + c];
            }
            mean /= cols;
            double var = 0;
            for (int c = 0; c < cols; c++) {
                var += (x[r * cols + c] - mean) * (x[r * cols + c] - mean);
            }
            double rstd = 1 / Math.sqrt(var / cols + eps);
            for (int c = 0; c < cols; c++) {
                double y = (x[r * cols + c] - mean) * rstd;
                y = w == null ? y : y * w[c];
                out[r * cols + c] = b == null ? y : y + b[c];
            }
        }
        return out;
    }

    static double[] rmsNorm(double[] x, int cols, double[] w, double eps) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / Math.max(cols, 1); r++) {
            double ms = 0;
            for (int c = 0; c < cols; c++) {
                ms += x[r * cols + c] * x[r * cols + c];
            }
            double rstd = 1 / Math.sqrt(ms / cols + eps);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = x[r * cols + c] * rstd * (w == null ? 1 : w[c]);
            }
        }
        return out;
    }

    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    static double geluTanh(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }

    static double silu(double x) {
        return x / (1 + Math.exp(-x));
    }

    /** erf by its Maclaurin series near 0 and its continued fraction (through erfc) further out; ~1e-15. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (ax + f);
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }

    /** out (B, H, Tq, Dv) of attention with the mask semantics of {@link AttentionMask}. */
    static double[] attention(Tensor q, Tensor k, Tensor v, double scale, AttentionMask mask) {
        int b = q.size(0), h = q.size(1), tq = q.size(2), d = q.size(3);
        int hkv = k.size(1), tk = k.size(2), dv = v.size(3);
        double[] out = new double[b * h * tq * dv];
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                int hk = hi / (h / hkv);
                for (int i = 0; i < tq; i++) {
                    double[] s = new double[tk];
                    boolean[] ok = new boolean[tk];
                    double m = Double.NEGATIVE_INFINITY;
                    long qpos = i + (long) tk - tq;
                    for (int j = 0; j < tk; j++) {
                        ok[j] = (!mask.causal() || j <= qpos)
                                && (mask.window() == 0 || Math.abs(qpos - j) < mask.window())
                                && (mask.keyMask() == null || at(mask.keyMask(), bi, j) != 0)
                                && (mask.blockMask() == null
                                    || at(mask.blockMask(), i / mask.blockSize(), j / mask.blockSize()) != 0);
                        if (ok[j]) {
                            double dot = 0;
                            for (int e = 0; e < d; e++) {
                                dot += at(q, bi, hi, i, e) * at(k, bi, hk, j, e);
                            }
                            s[j] = dot * scale;
                            m = Math.max(m, s[j]);
                        }
                    }
                    double sum = 0;
                    for (int j = 0; j < tk; j++) {
                        s[j] = ok[j] ? Math.exp(s[j] - m) : 0;
                        sum += s[j];
                    }
                    for (int e = 0; e < dv; e++) {
                        double acc = 0;
                        for (int j = 0; j < tk; j++) {
                            if (ok[j]) {
                                acc += s[j] / sum * at(v, bi, hk, j, e);
                            }
                        }
                        out[((bi * h + hi) * tq + i) * dv + e] = acc;
                    }
                }
            }
        }
        return out;
    }

    /** RoPE, rotate-half, on x (B, H, T, D) with positions (B, T) or (T). */
    static double[] rope(Tensor x, Tensor cos, Tensor sin, Tensor positions) {
        int b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3), half = cos.size(1);
        double[] out = new double[b * h * t * d];
        for (int bi = 0; bi < b; bi++) {
            for (int hi = 0; hi < h; hi++) {
                for (int ti = 0; ti < t; ti++) {
                    int pos = (int) (positions.rank() == 1 ? positions.getLong(ti) : positions.getLong(bi, ti));
                    int base = ((bi * h + hi) * t + ti) * d;
                    for (int i = 0; i < d; i++) {
                        double xi = at(x, bi, hi, ti, i);
                        if (i < half) {
                            out[base + i] = xi * at(cos, pos, i) - at(x, bi, hi, ti, i + half) * at(sin, pos, i);
                        } else if (i < 2 * half) {
                            int j = i - half;
                            out[base + i] = xi * at(cos, pos, j) + at(x, bi, hi, ti, j) * at(sin, pos, j);
                        } else {
                            out[base + i] = xi;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Mamba's selective scan: out (B, C, L) followed by the last state (B, C, N). */
    static double[] selectiveScan(Tensor u, Tensor delta, Tensor a, Tensor bm, Tensor cm, Tensor dv, Tensor z,
                                  Tensor bias, boolean softplus, Tensor init) {
        int b = u.size(0), c = u.size(1), l = u.size(2), n = a.size(1);
        double[] out = new double[b * c * l + b * c * n];
        for (int bi = 0; bi < b; bi++) {
            for (int ci = 0; ci < c; ci++) {
                double[] x = new double[n];
                for (int j = 0; j < n; j++) {
                    x[j] = init == null ? 0 : at(init, bi, ci, j);
                }
                for (int li = 0; li < l; li++) {
                    double dt = at(delta, bi, ci, li) + (bias == null ? 0 : at(bias, ci));
                    if (softplus) {
                        dt = Math.log1p(Math.exp(-Math.abs(dt))) + Math.max(dt, 0);
                    }
                    double uu = at(u, bi, ci, li);
                    double y = 0;
                    for (int j = 0; j < n; j++) {
                        x[j] = Math.exp(dt * at(a, ci, j)) * x[j] + dt * at(bm, bi, j, li) * uu;
                        y += x[j] * at(cm, bi, j, li);
                    }
                    y += dv == null ? 0 : at(dv, ci) * uu;
                    if (z != null) {
                        y *= silu(at(z, bi, ci, li));
                    }
                    out[(bi * c + ci) * l + li] = y;
                }
                for (int j = 0; j < n; j++) {
                    out[b * c * l + (bi * c + ci) * n + j] = x[j];
                }
            }
        }
        return out;
    }
}
