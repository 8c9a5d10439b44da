/**
 * The book's sections as runnable programs, named {@code chN/<section>} after d2l's section files, each printing what
 * the book prints. {@link ember.book.Programs} lists them; the {@code ember} command runs them. {@link ember.book.Tour}
 * is what {@code ember} with no arguments shows.
 *
 * <p>Owns: one program per section, with the book's settings as defaults. Must not touch: anything below the public
 * APIs of the library.
 */
package ember.book;
