/*
 * form.c - the console's form writers (see form.h).
 */
#include <inttypes.h>
#include <string.h>

#include "form.h"

/* See form.h. */
int
form_refuse(
    struct page_form *f, const char *name, const char *label, const char *why)
{
	f->bad = name;
	f->label = label;
	f->why = why;
	return -1;
}

/* The alert naming the refused field and the shared rule's reason. */
static void
form_alert(struct page_form *f)
{
	struct buf	   *b = &f->r->rep->body;
	const char	   *en = page_en(f->label);
	struct template_var v[] = { { "field", f->label } };

	buf_puts(b, "<div class=\"alert alert-error\" role=\"alert\"><p>");
	page_bit(b, "Ret feltet »{field}« og prøv igen.", v, 1);
	buf_puts(b, "</p><p lang=\"en\" class=\"console-en\">");
	buf_puts_html(b, en != NULL ? en : f->label);
	buf_puts(b, ": ");
	buf_puts_html(b, f->why != NULL ? f->why : "not valid");
	buf_puts(b, "</p></div>");
}

/* See form.h. */
void
form_begin(struct page_form *f, const char *action)
{
	if (f->bad != NULL)
		form_alert(f);
	buf_puts(&f->r->rep->body, "<form method=\"post\" action=\"");
	buf_puts_html(&f->r->rep->body, action);
	buf_puts(&f->r->rep->body, "\">");
	page_csrf_field(f->r);
}

/* See form.h. */
void
form_end(struct page_form *f)
{
	buf_puts(&f->r->rep->body, "</form>");
}

/* See form.h. */
const char *
form_value(const struct page_form *f, const char *name, const char *stored)
{
	const char *v = f->posted ? web_field(f->r->web, name) : stored;

	return v != NULL ? v : "";
}

/* See form.h. */
void
form_hidden(struct page_form *f, const char *name, int64_t v)
{
	buf_printf(&f->r->rep->body,
	    "<input type=\"hidden\" name=\"%s\" value=\"%" PRId64 "\">", name,
	    v);
}

/* The group's label (and hint) for field name. */
static void
form_label(
    struct page_form *f, const char *name, const char *label, const char *hint)
{
	struct buf *b = &f->r->rep->body;

	buf_printf(b,
	    "<div class=\"form-group\"><label class=\"form-label\" "
	    "for=\"%s\">",
	    name);
	page_bi(b, label);
	buf_puts(b, "</label>");
	if (hint != NULL) {
		buf_printf(
		    b, "<span class=\"form-hint\" id=\"%s-hint\">", name);
		page_bi(b, hint);
		buf_puts(b, "</span>");
	}
}

/* The attributes every field has: id, name, invalid, hint. */
static void
form_attrs(struct page_form *f, const char *name, const char *hint)
{
	buf_printf(&f->r->rep->body, " id=\"%s\" name=\"%s\"", name, name);
	if (f->bad != NULL && strcmp(f->bad, name) == 0)
		buf_puts(&f->r->rep->body, " aria-invalid=\"true\"");
	if (hint != NULL)
		buf_printf(
		    &f->r->rep->body, " aria-describedby=\"%s-hint\"", name);
}

/* See form.h. */
void
form_input(struct page_form *f, const char *type, const char *name,
    const char *label, const char *hint, const char *stored)
{
	struct buf *b = &f->r->rep->body;

	form_label(f, name, label, hint);
	buf_printf(b, "<input class=\"form-input\" type=\"%s\"", type);
	form_attrs(f, name, hint);
	buf_puts(b, " value=\"");
	buf_puts_html(b, form_value(f, name, stored));
	buf_puts(b, "\"></div>");
}

/* See form.h. */
void
form_textarea(struct page_form *f, const char *name, const char *label,
    const char *hint, const char *stored)
{
	struct buf *b = &f->r->rep->body;

	form_label(f, name, label, hint);
	buf_puts(b, "<textarea class=\"form-textarea\" rows=\"4\"");
	form_attrs(f, name, hint);
	buf_puts(b, ">");
	buf_puts_html(b, form_value(f, name, stored));
	buf_puts(b, "</textarea></div>");
}

/* See form.h. */
void
form_checkbox(
    struct page_form *f, const char *name, const char *label, int stored)
{
	struct buf *b = &f->r->rep->body;
	int on = f->posted ? web_field(f->r->web, name) != NULL : stored;

	buf_printf(b,
	    "<div class=\"form-group\"><label class=\"form-checkbox\" "
	    "for=\"%s\"><input type=\"checkbox\" value=\"1\"%s",
	    name, on ? " checked" : "");
	form_attrs(f, name, NULL);
	buf_puts(b, "> <span>");
	page_bi(b, label);
	buf_puts(b, "</span></label></div>");
}

/* See form.h. */
void
form_select_begin(struct page_form *f, const char *name, const char *label)
{
	form_label(f, name, label, NULL);
	buf_puts(&f->r->rep->body, "<select class=\"form-select\"");
	form_attrs(f, name, NULL);
	buf_puts(&f->r->rep->body, ">");
}

/* See form.h. */
void
form_select_end(struct page_form *f)
{
	buf_puts(&f->r->rep->body, "</select></div>");
}

/* See form.h. */
void
form_option(struct page_form *f, const char *name, const char *stored,
    const char *value, const char *label)
{
	struct buf *b = &f->r->rep->body;

	buf_puts(b, "<option value=\"");
	buf_puts_html(b, value);
	buf_puts(b, "\"");
	if (strcmp(form_value(f, name, stored), value) == 0)
		buf_puts(b, " selected");
	buf_puts(b, ">");
	buf_puts_html(b, label);
	if (page_en(label) != NULL) {
		buf_puts(b, " · ");
		buf_puts_html(b, page_en(label));
	}
	buf_puts(b, "</option>");
}

/* See form.h. */
void
form_button(struct page_form *f, const char *name, const char *value,
    const char *label, int secondary)
{
	struct buf *b = &f->r->rep->body;

	buf_printf(b, "<button class=\"button%s\" type=\"submit\"",
	    secondary ? " button-secondary" : "");
	if (name != NULL)
		buf_printf(b, " name=\"%s\" value=\"%s\"", name, value);
	buf_puts(b, ">");
	page_bi(b, label);
	buf_puts(b, "</button>");
}
