/*
 * page_staff.c - a coordinator changes a staff member: roles, the login
 * the identity provider gives, mobile number and deputy, checked by the
 * rules `mentorctl staff edit` uses (validate.h) and stored with an
 * audit row in one transaction.  Anyone but a coordinator gets 403.
 *
 *	GET /staff/edit?id=N	the form; audited
 *	POST /staff/edit	id, role_mentor, role_caseworker,
 *				role_coordinator, login, mobile, deputy
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "log.h"
#include "store_console.h"
#include "store_staff.h"
#include "validate.h"

/* The role checkboxes: field, role, Danish label. */
static const struct {
	const char     *name;
	enum staff_role role;
	const char     *label;
} roles[] = {
	{ "role_mentor", STAFF_ROLE_MENTOR, "Mentor" },
	{ "role_caseworker", STAFF_ROLE_CASEWORKER, "Sagsbehandler" },
	{ "role_coordinator", STAFF_ROLE_COORDINATOR, "Koordinator" },
};

#define NROLES (sizeof(roles) / sizeof(roles[0]))

/* What the form changes. */
struct staff_change {
	int	    roles;
	const char *login; /* NULL: none */
	char	    mobile[PHONE_MAX];
	int64_t	    deputy_id;
};

/* The deputy list being written. */
struct deputy_list {
	struct page_form *f;
	int64_t		  except; /* the person themselves */
	char		  stored[24];
};

/* One mentor as an option of the deputy list. */
static int
deputy_option(const struct console_colleague *c, void *arg)
{
	struct deputy_list *d = arg;
	char		    id[24];

	if (c->id == d->except)
		return 0;
	snprintf(id, sizeof(id), "%" PRId64, c->id);
	form_option(d->f, "deputy", d->stored, id, c->name);
	return 0;
}

/* The form for st (bad: the one posted with an error, or NULL). */
static void
staff_form(
    struct creq *r, const struct staff_identity *st, struct page_form *bad)
{
	struct page_form   f = { r, 0, NULL, NULL, NULL, NULL };
	struct deputy_list d = { &f, st->id, "" };
	struct buf	  *b = &r->rep->body;
	size_t		   i;

	if (bad != NULL) {
		f = *bad;
		r->rep->status = 400;
	}
	page_begin(r, "Ret medarbejder");
	if (web_query(r->web, "saved") != NULL)
		page_alert(r, "success", "Gemt.");
	buf_puts(b, "<p><strong>");
	buf_puts_html(b, st->name);
	buf_puts(b, "</strong></p>");
	form_begin(&f, "/staff/edit");
	form_hidden(&f, "id", st->id);
	buf_puts(b, "<fieldset><legend>");
	page_bi(b, "Roller");
	buf_puts(b, "</legend>");
	for (i = 0; i < NROLES; i++)
		form_checkbox(&f, roles[i].name, roles[i].label,
		    (st->roles & roles[i].role) != 0);
	buf_puts(b, "</fieldset>");
	form_input(&f, "text", "login", "Login",
	    "Navnet fra kommunens log ind. "
	    "Tomt: kan ikke logge ind.",
	    st->login);
	form_input(&f, "tel", "mobile", "Mobilnummer", NULL, st->mobile);
	snprintf(d.stored, sizeof(d.stored), "%" PRId64, st->deputy_id);
	form_select_begin(&f, "deputy", "Stedfortræder");
	form_option(&f, "deputy", d.stored, "0", "Ingen");
	if (store_console_colleagues(r->c->store, 0, deputy_option, &d) !=
	    STORE_OK)
		log_warnx("console: colleagues: %s", store_errmsg(r->c->store));
	form_select_end(&f);
	form_button(&f, NULL, NULL, "Gem", 0);
	form_end(&f);
	buf_puts(b, "<p><a href=\"/staff\">");
	page_bi(b, "Tilbage til medarbejderne");
	buf_puts(b, "</a></p>");
	page_end(r);
}

/*
 * The staff member whose id is the text id, into *st, for a
 * coordinator.  Returns 1; else 0 after an error page.
 */
static int
staff_open(struct creq *r, const char *id, struct staff_identity *st)
{
	int64_t	       n = page_number(id, 1, INT64_MAX / 2);
	enum store_err e;

	if (!page_coordinator_only(r))
		return 0;
	e = n > 0 ? store_staff_identity(r->c->store, n, st) : STORE_NOTFOUND;
	return page_found(r, e, "Medarbejderen findes ikke",
	    "Gå til Medarbejdere og vælg igen.");
}

/* See pages.h. */
void
page_staff_edit(struct creq *r)
{
	struct staff_identity st;

	if (!staff_open(r, web_query(r->web, "id"), &st))
		return;
	if (page_audit(r, "show_staff", 0) != STORE_OK)
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	else
		staff_form(r, &st, NULL);
	staff_identity_free(&st);
}

/* The roles ticked, as "mentor,coordinator" for the shared rule; 0 or -1. */
static int
read_roles(struct page_form *f, struct staff_change *c)
{
	struct buf  list = { 0 };
	const char *why;
	size_t	    i;

	for (i = 0; i < NROLES; i++)
		if (web_field(f->r->web, roles[i].name) != NULL)
			buf_printf(&list, "%s%s", list.len > 0 ? "," : "",
			    staff_role_name(roles[i].role));
	why = valid_roles(list.len > 0 ? buf_str(&list) : NULL, &c->roles);
	buf_free(&list);
	return why != NULL ? form_refuse(f, roles[0].name, "Roller", why) : 0;
}

/* The login: free (or the person's own) by the shared rule; 0 or -1. */
static int
read_login(struct page_form *f, int64_t id, struct staff_change *c)
{
	struct staff_identity other;
	const char	     *v = web_field(f->r->web, "login"), *why;
	int		      taken = 0;

	c->login = v != NULL && v[0] != '\0' ? v : NULL;
	if (c->login == NULL)
		return 0;
	if ((why = valid_login(c->login)) != NULL)
		return form_refuse(f, "login", "Login", why);
	if (store_staff_by_login(f->r->c->store, c->login, &other) ==
	    STORE_OK) {
		taken = other.id != id;
		staff_identity_free(&other);
	}
	return taken ? form_refuse(f, "login", "Login",
			   "already the login of another staff member")
		     : 0;
}

/* Every field of the form into c by the shared rules; 0 or -1. */
static int
staff_read(struct page_form *f, int64_t id, struct staff_change *c)
{
	const char *mobile = web_field(f->r->web, "mobile"), *why;
	int64_t	    deputy;

	if (read_roles(f, c) == -1 || read_login(f, id, c) == -1)
		return -1;
	c->mobile[0] = '\0';
	if (mobile != NULL && mobile[0] != '\0' &&
	    (why = valid_phone(mobile, c->mobile)) != NULL)
		return form_refuse(f, "mobile", "Mobilnummer", why);
	deputy = page_number(web_field(f->r->web, "deputy"), 0, INT64_MAX / 2);
	if (deputy < 0)
		return form_refuse(f, "deputy", "Stedfortræder",
		    "choose a colleague from the list");
	if ((why = valid_deputy(id, deputy)) != NULL)
		return form_refuse(f, "deputy", "Stedfortræder", why);
	c->deputy_id = deputy;
	return 0;
}

/* Store c on staff member id with its audit row; a store result. */
static enum store_err
staff_store(struct creq *r, int64_t id, const struct staff_change *c)
{
	struct store	*s = r->c->store;
	struct staff_rec rec;
	struct buf	 detail = { 0 };
	enum store_err	 e;

	if ((e = store_begin(s)) != STORE_OK)
		return e;
	if ((e = store_staff_get(s, id, &rec)) == STORE_OK) {
		free(rec.mobile);
		rec.mobile =
		    buf_strdup(c->mobile[0] != '\0' ? c->mobile : NULL);
		rec.deputy_id = c->deputy_id;
		rec.is_caseworker = (c->roles & STAFF_ROLE_CASEWORKER) != 0;
		buf_printf(&detail, "console: %s: roles,login,mobile,deputy",
		    rec.external_id);
		if ((e = store_staff_upsert(s, &rec)) == STORE_OK &&
		    (e = store_staff_set_login(s, id, c->login)) == STORE_OK &&
		    (e = store_staff_set_roles(s, id, c->roles)) == STORE_OK &&
		    (e = page_audit_detail(
			 r, "edit_staff", 0, buf_str(&detail))) == STORE_OK)
			e = store_commit(s);
		staff_rec_free(&rec);
	}
	if (e != STORE_OK)
		store_rollback(s);
	buf_free(&detail);
	return e;
}

/* See pages.h. */
void
page_staff_save(struct creq *r)
{
	struct page_form      f = { r, 1, NULL, NULL, NULL, NULL };
	struct staff_identity st;
	struct staff_change   c;
	char		      to[64];

	if (!staff_open(r, web_field(r->web, "id"), &st))
		return;
	memset(&c, 0, sizeof(c));
	if (staff_read(&f, st.id, &c) == -1)
		staff_form(r, &st, &f);
	else if (staff_store(r, st.id, &c) != STORE_OK) {
		log_warnx("console: edit_staff: %s", store_errmsg(r->c->store));
		page_error(r, 500, "Der skete en fejl", "Prøv igen.");
	} else {
		snprintf(to, sizeof(to), "/staff/edit?id=%" PRId64 "&saved=1",
		    st.id);
		web_redirect(r->rep, to);
	}
	staff_identity_free(&st);
}
