/*
 * plural - gettext's plural expressions ("Plural-Forms: nplurals=3;
 * plural=(n%10==1 && n%100!=11 ? 0 : ...);"): the C subset gettext
 * allows, over one variable n.  Read by i18n.c from each catalogue's
 * header, so a language's plural rule is data in its catalogue.
 */
#ifndef MENTOR_PLURAL_H
#define MENTOR_PLURAL_H

#define PLURAL_ERROR ((unsigned long)-1)

/*
 * Evaluate the expression at expr (it ends at ';', a newline or NUL)
 * for n.  Returns the form's index, or PLURAL_ERROR when the expression
 * is malformed, nested too deep or divides by zero.
 */
unsigned long plural_eval(const char *expr, unsigned long n);

#endif
