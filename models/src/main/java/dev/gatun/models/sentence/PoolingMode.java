package dev.gatun.models.sentence;

/** How token states become one sentence vector, as sentence-transformers' {@code Pooling} modes. */
public enum PoolingMode {
    /** The first token's state ({@code pooling_mode_cls_token}). */
    CLS("pooling_mode_cls_token"),
    /** The average of the states of real (unmasked) tokens ({@code pooling_mode_mean_tokens}). */
    MEAN("pooling_mode_mean_tokens"),
    /** The element-wise maximum over real tokens ({@code pooling_mode_max_tokens}). */
    MAX("pooling_mode_max_tokens");

    private final String configKey;

    PoolingMode(String configKey) {
        this.configKey = configKey;
    }

    /** The boolean key in {@code 1_Pooling/config.json} that selects this mode. */
    public String configKey() {
        return configKey;
    }
}
