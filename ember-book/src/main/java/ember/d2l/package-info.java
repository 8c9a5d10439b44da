/**
 * The {@code d2l} package of <i>Dive into Deep Learning</i> in Java: the helpers the book defines as it goes
 * (synthetic data, the training loops of chapter 3, accuracy, timers), with the book's names in camelCase. Where the
 * book draws (its Animator, progress), the loops report to a {@link ember.d2l.D2l.TrainingListener} instead, and the
 * {@code ember} command draws.
 *
 * <p>Owns: the book's glue. Must not touch: anything below the public APIs of {@code ember}, {@code ember.nn},
 * {@code ember.optim} and {@code ember.data}.
 */
package ember.d2l;
