/**
 * Benchmarks of Ember (JMH) and the workloads they share with {@code bench/torch_bench.py}, the PyTorch side of
 * {@code bench/compare.sh}.
 *
 * <p>The micro-benchmarks fork with a fixed heap touched at start ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}): a heap
 * that may grow hands out memory never touched before, and the first touch of a page costs a fault (in a freshly
 * started VM here 0.35 GB/s, against 20 GB/s for memory already mapped), which would land in whichever measurement
 * the young generation happens to grow in. PyTorch's caching allocator reuses its blocks the same way. The training
 * benchmark keeps a heap that grows (the issue's {@code -Xmx1g}): there the faults are part of what a learner waits for.
 * All of them take the ember command's TLAB flags ({@code -XX:MinTLABSize=2m -XX:TLABRefillWasteFraction=2}), without
 * which an op's output of a few hundred KB is often zero-filled by the JVM (Note [Outputs allocated without zeroing]).
 *
 * <p>Owns: what is measured and how. Must not touch: the library's code (benchmarks call the public API only).
 */
package ember.bench;
