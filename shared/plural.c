/*
 * plural.c - evaluate gettext plural expressions; see plural.h.
 *
 * Recursive descent straight over the text, evaluating as it parses
 * (the expressions are a few dozen bytes; no tree is worth building).
 * Precedence, lowest first: ?:, ||, &&, == !=, < > <= >=, + -, * / %,
 * unary !, then n, a number or a parenthesised expression.  Both arms
 * of ?: are parsed (the untaken one is evaluated too, harmlessly, so a
 * syntax error anywhere is found); division by zero is an error only
 * in the arm taken.
 */
#include <ctype.h>
#include <stddef.h>

#include "plural.h"

#define DEPTH_MAX 32

struct parse {
	const char   *p;
	unsigned long n;
	int	      depth;
	int	      error;   /* syntax, depth */
	int	      divzero; /* a used value divided by zero */
};

static unsigned long ternary(struct parse *);

/*
 * Skip blanks; return the next character.
 */
static char
peek(struct parse *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
	return *ps->p;
}

/*
 * If the text continues with op, step over it and return 1, else 0.
 * "=" and "<" are not taken as the start of "==" and "<=".
 */
static int
accept(struct parse *ps, const char *op)
{
	const char *q;
	size_t	    i;

	peek(ps);
	q = ps->p;
	for (i = 0; op[i] != '\0'; i++)
		if (q[i] != op[i])
			return 0;
	if (op[1] == '\0' && (op[0] == '<' || op[0] == '>' || op[0] == '!') &&
	    q[1] == '=')
		return 0;
	ps->p += i;
	return 1;
}

/*
 * n, a decimal number, ( expression ), or ! primary.
 */
static unsigned long
primary(struct parse *ps)
{
	unsigned long v = 0;
	char	      c = peek(ps);

	if (++ps->depth > DEPTH_MAX) {
		ps->error = 1;
		return 0;
	}
	if (accept(ps, "!"))
		v = !primary(ps);
	else if (c == 'n') {
		ps->p++;
		v = ps->n;
	} else if (isdigit((unsigned char)c)) {
		while (isdigit((unsigned char)*ps->p) && v < 1000000000UL)
			v = v * 10 + (unsigned long)(*ps->p++ - '0');
	} else if (accept(ps, "(")) {
		v = ternary(ps);
		if (!accept(ps, ")"))
			ps->error = 1;
	} else
		ps->error = 1;
	ps->depth--;
	return v;
}

/*
 * primary { * / % primary }
 */
static unsigned long
product(struct parse *ps)
{
	unsigned long v = primary(ps), r;

	for (;;) {
		if (accept(ps, "*"))
			v *= primary(ps);
		else if (accept(ps, "/") || accept(ps, "%")) {
			char op = ps->p[-1];

			if ((r = primary(ps)) == 0) {
				ps->divzero = 1;
				v = 0;
			} else
				v = op == '/' ? v / r : v % r;
		} else
			return v;
	}
}

/*
 * product { + - product }
 */
static unsigned long
sum(struct parse *ps)
{
	unsigned long v = product(ps);

	for (;;) {
		if (accept(ps, "+"))
			v += product(ps);
		else if (accept(ps, "-"))
			v -= product(ps);
		else
			return v;
	}
}

/*
 * sum { < > <= >= sum }
 */
static unsigned long
relation(struct parse *ps)
{
	unsigned long v = sum(ps);

	for (;;) {
		if (accept(ps, "<="))
			v = v <= sum(ps);
		else if (accept(ps, ">="))
			v = v >= sum(ps);
		else if (accept(ps, "<"))
			v = v < sum(ps);
		else if (accept(ps, ">"))
			v = v > sum(ps);
		else
			return v;
	}
}

/*
 * relation { == != relation }
 */
static unsigned long
equality(struct parse *ps)
{
	unsigned long v = relation(ps);

	for (;;) {
		if (accept(ps, "=="))
			v = v == relation(ps);
		else if (accept(ps, "!="))
			v = v != relation(ps);
		else
			return v;
	}
}

/*
 * equality { && equality }
 */
static unsigned long
conjunction(struct parse *ps)
{
	unsigned long v = equality(ps), r;

	while (accept(ps, "&&")) {
		r = equality(ps);
		v = v && r;
	}
	return v;
}

/*
 * conjunction { || conjunction }
 */
static unsigned long
disjunction(struct parse *ps)
{
	unsigned long v = conjunction(ps), r;

	while (accept(ps, "||")) {
		r = conjunction(ps);
		v = v || r;
	}
	return v;
}

/*
 * disjunction [ ? ternary : ternary ]
 */
static unsigned long
ternary(struct parse *ps)
{
	unsigned long c = disjunction(ps), a, b;
	int	      dz;

	if (!accept(ps, "?"))
		return c;
	/* The untaken arm may divide by zero harmlessly (n%n at n=0). */
	dz = ps->divzero;
	a = ternary(ps);
	if (!c)
		ps->divzero = dz;
	if (!accept(ps, ":")) {
		ps->error = 1;
		return 0;
	}
	dz = ps->divzero;
	b = ternary(ps);
	if (c)
		ps->divzero = dz;
	return c ? a : b;
}

unsigned long
plural_eval(const char *expr, unsigned long n)
{
	struct parse  ps = { expr, n, 0, 0, 0 };
	unsigned long v;
	char	      c;

	if (expr == NULL)
		return PLURAL_ERROR;
	v = ternary(&ps);
	c = peek(&ps);
	if (ps.error || ps.divzero || (c != ';' && c != '\n' && c != '\0'))
		return PLURAL_ERROR;
	return v;
}
