/**
 * JMH benchmarks of Gatun's kernels, each beside the baseline it is compared with (see
 * {@code tests/baselines/}). Build and run them with {@code tests/jmh [JMH arguments]}.
 */
package dev.gatun.bench;
