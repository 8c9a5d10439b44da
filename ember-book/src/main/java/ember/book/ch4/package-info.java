/**
 * Chapter 4 of the book, "Multilayer Perceptrons": activation functions, MLPs from scratch and with nn, under- and
 * overfitting, weight decay, dropout, numerical stability, and the house-price competition, each section a
 * {@link ember.book.Program} listed by {@link ember.book.ch4.Chapter4}. The book's figures are written as CSV next to
 * the requested plot path.
 *
 * <p>Owns: these sections and their book-local helpers. Must not touch: anything below the public APIs of the library.
 */
package ember.book.ch4;
