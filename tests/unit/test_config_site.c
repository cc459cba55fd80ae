/*
 * test_config_site.c - unit tests for shared/config_site.c: the
 * [site.NAME] sections read by config_load(), their names, repeats,
 * texts per language and the desk's fall-back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "config_site.h"

/* The required keys; the sites follow from line 7 on. */
static const char base[] = "[organisation]\n"
			   "name = Herlev Kommune\n"
			   "phone = 44 52 00 00\n"
			   "desk = Skranken\n"
			   "[sms]\n"
			   "sender = +4512345678\n";

static char	  folder[64];

/*
 * Load base followed by sites; the config, or NULL with the reason in
 * err (CONFIG_ERR_MAX bytes).
 */
static struct config *
load_sites(const char *sites, char *err)
{
	char  file[128];
	FILE *f;

	snprintf(file, sizeof(file), "%s/sites.conf", folder);
	if ((f = fopen(file, "w")) == NULL)
		fail_msg("cannot write %s", file);
	fputs(base, f);
	fputs(sites, f);
	fclose(f);
	err[0] = '\0';
	return config_load(file, err, CONFIG_ERR_MAX);
}

/* Loading sites fails with a reason that holds want. */
static void
refused(const char *sites, const char *want)
{
	char	       err[CONFIG_ERR_MAX];
	struct config *c = load_sites(sites, err);

	if (c != NULL) {
		config_free(c);
		fail_msg("loaded, expected \"%s\":\n%s", want, sites);
	}
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void
test_no_sites(void **state)
{
	char	       err[CONFIG_ERR_MAX];
	struct config *c = load_sites("", err);

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->nsites, 0);
	assert_null(config_site_find(c, "nord", 4));
	assert_string_equal(config_site_desk(c, NULL, "da"), "Skranken");
	assert_string_equal(config_site_desk(c, NULL, "en"), "the front desk");
	config_free(c);
}

static void
test_two_sites(void **state)
{
	char			  err[CONFIG_ERR_MAX];
	struct config		 *c;
	const struct config_site *nord, *syd;

	(void)state;
	c = load_sites("[site.nord]\n"
		       "desk = skranken i stueetagen\n"
		       "desk.en = the desk on the ground floor\n"
		       "address = Nørregade 5, 2730 Herlev\n"
		       "hours = Mandag-fredag 9-15\n"
		       "hours.en = Monday to Friday 9-15\n"
		       "[site.syd-2]\n"
		       "address = Sydvej 2\n",
	    err);
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->nsites, 2);
	nord = config_site_find(c, "nord/cpr", 4);
	syd = config_site_find(c, "syd-2", 5);
	assert_non_null(nord);
	assert_non_null(syd);
	assert_ptr_equal(nord, &c->sites[0]);
	assert_null(config_site_find(c, "nor", 3));
	assert_string_equal(nord->address, "Nørregade 5, 2730 Herlev");
	assert_string_equal(
	    config_text(&nord->hours, "en"), "Monday to Friday 9-15");
	/* Arabic: its own, else English; never the Danish text. */
	assert_string_equal(
	    config_text(&nord->hours, "ar"), "Monday to Friday 9-15");
	assert_string_equal(
	    config_site_desk(c, nord, "da"), "skranken i stueetagen");
	assert_string_equal(
	    config_site_desk(c, nord, "ar"), "the desk on the ground floor");
	/* No desk of its own: [organisation] desk, by its own rule. */
	assert_string_equal(config_site_desk(c, syd, "da"), "Skranken");
	assert_string_equal(config_site_desk(c, syd, "uk"), "the front desk");
	assert_null(config_text(&syd->hours, "da"));
	assert_null(config_text(&syd->hours, "en"));
	config_free(c);
}

/* A Danish desk only: other readers get [organisation]'s, not Danish. */
static void
test_desk_never_danish_to_others(void **state)
{
	char	       err[CONFIG_ERR_MAX];
	struct config *c = load_sites("[site.a]\ndesk = skranke 3\n", err);

	(void)state;
	assert_non_null(c);
	assert_string_equal(
	    config_site_desk(c, &c->sites[0], "da"), "skranke 3");
	assert_string_equal(
	    config_site_desk(c, &c->sites[0], "en"), "the front desk");
	config_free(c);
}

static void
test_names(void **state)
{
	char long_name[CONFIG_SITE_NAME_MAX + 2];

	(void)state;
	assert_true(config_site_name_ok("a", 1));
	assert_true(config_site_name_ok("nord-2", 6));
	assert_true(config_site_name_ok("0", 1));
	assert_false(config_site_name_ok("", 0));
	assert_false(config_site_name_ok("-a", 2));
	assert_false(config_site_name_ok("Nord", 4));
	assert_false(config_site_name_ok("a_b", 3));
	assert_false(config_site_name_ok("a.b", 3));
	assert_false(config_site_name_ok("a/b", 3));
	assert_false(config_site_name_ok("æ", strlen("æ")));
	memset(long_name, 'a', sizeof(long_name));
	assert_true(config_site_name_ok(long_name, CONFIG_SITE_NAME_MAX));
	assert_false(config_site_name_ok(long_name, CONFIG_SITE_NAME_MAX + 1));
}

/* Bad names stop loading with file, line, section and key. */
static void
test_bad_names(void **state)
{
	char sites[128];

	(void)state;
	refused("[site.Nord]\ndesk = x\n",
	    "sites.conf:8: [site.Nord] desk: a site name is 1 to 32");
	refused("[site.-a]\naddress = x\n", ":8: [site.-a] address: a site");
	refused("[site.]\ndesk = x\n", ":8: [site.] desk: a site name");
	refused("[site.a_b]\ndesk = x\n", "[site.a_b] desk: a site name");
	refused("[site.a.b]\ndesk = x\n", "[site.a.b] desk: a site name");
	snprintf(sites, sizeof(sites), "[site.%033d]\ndesk = x\n", 0);
	refused(sites, ":8: [site.000");
}

static void
test_repeats_and_keys(void **state)
{
	(void)state;
	refused("[site.a]\ndesk = x\n[site.b]\ndesk = y\n[site.a]\n"
		"address = z\n",
	    ":12: [site.a] address: section given twice");
	refused("[site.a]\ndesk = x\n[kiosk]\nid = k\n[site.a]\nhours = h\n",
	    ":12: [site.a] hours: section given twice");
	refused(
	    "[site.a]\ndesk = x\ndesk = y\n", ":9: [site.a] desk: given twice");
	refused("[site.a]\ndesk.en = x\ndesk.en = y\n",
	    ":9: [site.a] desk.en: "
	    "given twice");
	refused("[site.a]\nphone = 1\n", ":8: [site.a] phone: unknown key");
	refused(
	    "[site.a]\naddress.en = x\n", "[site.a] address.en: unknown key");
	refused("[site.a]\ndesk.xx = x\n", "desk.xx: unknown language");
	refused("[site.a]\naddress =\n", "[site.a] address: empty");
}

/*
 * MitID with sites: allowed (each site has its own addresses at the
 * broker), but not with one fixed redirect address for all of them.
 */
static void
test_mitid_with_sites(void **state)
{
	static const char mitid[] =
	    "[kiosk]\nlogin = sms, mitid\n"
	    "[oidc.citizen]\nissuer = https://broker.example.dk\n"
	    "client_id = kiosk\n";
	char	       err[CONFIG_ERR_MAX], text[1024];
	struct config *c;

	(void)state;
	snprintf(text, sizeof(text),
	    "%s[site.nord]\ndesk = x\n"
	    "[site.syd]\ndesk = y\n",
	    mitid);
	if ((c = load_sites(text, err)) == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->nsites, 2);
	assert_int_equal(config_kiosk_login(c, "mitid"), 1);
	config_free(c);
	snprintf(text, sizeof(text),
	    "%sredirect_uri = https://k.example.dk/mitid/callback\n"
	    "[site.nord]\ndesk = x\n",
	    mitid);
	refused(text,
	    "[oidc.citizen] redirect_uri: leave it out with "
	    "[site.NAME] sections");
	snprintf(text, sizeof(text),
	    "%spost_logout_redirect_uri = https://k.example.dk/x\n"
	    "[site.nord]\ndesk = x\n",
	    mitid);
	refused(text, "[oidc.citizen] post_logout_redirect_uri: leave it out");
}

static void
test_too_many(void **state)
{
	char	       err[CONFIG_ERR_MAX], *sites;
	size_t	       i, len = 0, cap = (CONFIG_SITES_MAX + 1) * 32;
	struct config *c;

	(void)state;
	if ((sites = calloc(1, cap)) == NULL)
		fail_msg("calloc");
	for (i = 0; i < CONFIG_SITES_MAX; i++)
		len += (size_t)snprintf(
		    sites + len, cap - len, "[site.s%zu]\ndesk = d\n", i);
	c = load_sites(sites, err);
	assert_non_null(c);
	assert_int_equal(c->nsites, CONFIG_SITES_MAX);
	config_free(c);
	snprintf(sites + len, cap - len, "[site.one-more]\ndesk = d\n");
	refused(sites, "[site.one-more] desk: too many sites");
	free(sites);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(folder, sizeof(folder), "/tmp/test-config-site-XXXXXX");
	return mkdtemp(folder) == NULL;
}

static int
teardown(void **state)
{
	char file[128];

	(void)state;
	snprintf(file, sizeof(file), "%s/sites.conf", folder);
	unlink(file);
	return rmdir(folder);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_sites),
		cmocka_unit_test(test_two_sites),
		cmocka_unit_test(test_desk_never_danish_to_others),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_repeats_and_keys),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_mitid_with_sites),
	};

	return cmocka_run_group_tests_name(
	    "test_config_site", tests, setup, teardown);
}
