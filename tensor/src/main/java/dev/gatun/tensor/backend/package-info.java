/**
 * The kernel-provider contract: {@link dev.gatun.tensor.backend.Backend} and the choice among installed
 * backends ({@link dev.gatun.tensor.backend.Backends}: forced by {@code GATUN_BACKEND} or the API, else the
 * first that supports a kernel, else pure Java). Native backends register through
 * {@link java.util.ServiceLoader}, so nothing in the tensor runtime depends on them at compile time.
 */
package dev.gatun.tensor.backend;
