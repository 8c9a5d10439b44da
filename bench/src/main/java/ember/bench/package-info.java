/**
 * Benchmarks of Ember (JMH) and the workloads they share with {@code bench/torch_bench.py}, the PyTorch side of
 * {@code bench/compare.sh}.
 *
 * <p>Owns: what is measured and how. Must not touch: the library's code (benchmarks call the public API only).
 */
package ember.bench;
