/**
 * The {@code ember} command (picocli): the tour, {@code list}, {@code run} with progress bars and plots,
 * {@code shell} (JShell with Ember loaded) and {@code graph} (computation-graph pictures).
 *
 * <p>Owns: the command line, what a learner sees while a program trains (progress bars, plain lines when the output
 * is not a terminal), and the picture files (XChart curves, the predictions row). Must not touch: the library below
 * its public APIs; the programs themselves (they live in ember-book and print what the book prints).
 */
package ember.cli;
