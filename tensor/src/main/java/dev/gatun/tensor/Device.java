package dev.gatun.tensor;

/**
 * Where a tensor's memory lives. Every tensor today lives in host memory; accelerator devices are added
 * as further constants, and a tensor's device decides which backend runs its ops.
 */
public enum Device {
    CPU
}
