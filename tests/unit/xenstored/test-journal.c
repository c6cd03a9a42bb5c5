/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxsd durability: the store reloaded from its state directory (journal
 * replay, snapshot after compaction, both together, the snapshot a clean
 * stop writes) is identical to the one written; a torn last journal record
 * is ignored (and kept aside); domains keep their quota overrides, targets and
 * exact node accounting. With no_recovery (-R) a damaged file stops the
 * start and stays as it was.
 * A copy of the state directory taken while the store is open stands for
 * what kill -9 leaves behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xt.h"

static char base[64], dir[96], crashed[112];

static int setup(void **state)
{
	strcpy(base, "/tmp/xsd-journal.XXXXXX");
	assert_non_null(mkdtemp(base));
	strcpy(dir, base);
	snprintf(crashed, sizeof(crashed), "%s.crashed", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s %s.crashed*", base, base);
	return system(cmd);
}

/* The state directory as it is now, as a crash would leave it. */
static void crash_copy(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -a %s %s", crashed, dir,
		 crashed);
	assert_int_equal(system(cmd), 0);
}

/* Every node as "path perms data\n", plus the introduced domains. */
static char *dump(struct xsd *x)
{
	size_t cap = 1 << 20, len = 0;
	char *out = malloc(cap), path[4096], perms[256];
	struct xsd_node *n;
	int i;

	assert_non_null(out);
	for (n = x->store.root; n; n = xsd_node_walk_next(x->store.root, n)) {
		size_t pl = xsd_perms_format(n->perms, perms, sizeof(perms)), k;

		for (k = 0; k + 1 < pl; k++)
			if (!perms[k])
				perms[k] = ',';
		xsd_node_path(n, path, sizeof(path));
		assert_true(len + 8192 < cap);
		len += snprintf(out + len, cap - len, "%s %s %.*s\n", path,
				perms, (int)n->datalen, n->data ? n->data : "");
	}
	for (i = 0; i < XSD_DOMID_MAX; i++)
		if (xsd_domain_introduced(x, i))
			len += snprintf(out + len, cap - len, "dom %d\n", i);
	for (i = 0; i < 2; i++) {
		size_t pl = xsd_perms_format(x->special[i], perms,
					     sizeof(perms)), k;

		for (k = 0; k + 1 < pl; k++)
			if (!perms[k])
				perms[k] = ',';
		len += snprintf(out + len, cap - len, "special %d %s\n", i,
				perms);
	}
	return out;
}

static void populate(struct xsd *x, struct xsd_conn *c, int round)
{
	char args[64];
	int i, tx;

	for (i = 0; i < 50; i++) {
		snprintf(args, sizeof(args), "/r%d/n%d|value-%d", round, i, i);
		XT_OK(x, c, XS_WRITE, args);
	}
	snprintf(args, sizeof(args), "/r%d/n7|", round);
	XT_OK(x, c, XS_RM, args);
	snprintf(args, sizeof(args), "/r%d/n8|n3|r4|", round);
	XT_OK(x, c, XS_SET_PERMS, args);
	tx = atoi(xt_req(x, c, XS_TRANSACTION_START, 0, "|"));
	snprintf(args, sizeof(args), "/r%d/tx|committed", round);
	assert_string_equal(xt_req(x, c, XS_WRITE, tx, args), "OK|");
	assert_string_equal(xt_req(x, c, XS_TRANSACTION_END, tx, "T|"), "OK|");
	XT_OK(x, c, XS_INTRODUCE, "12|0|0|");
	snprintf(args, sizeof(args), "@releaseDomain|n0|r%d|", round);
	XT_OK(x, c, XS_SET_PERMS, args);
}

static char *reload(const char *from)
{
	struct xsd *x = xt_new(from);
	char *d = dump(x);

	xsd_free(x);
	return d;
}

static void test_replay(void **state)
{
	struct xsd *x = xt_new(dir);
	struct xsd_conn *c = xt_conn(x, 0);
	char *before, *after;

	populate(x, c, 1);
	before = dump(x);
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	/* journal replay */
	after = reload(crashed);
	assert_string_equal(before, after);
	free(after);
	/* the snapshot of a clean stop */
	after = reload(dir);
	assert_string_equal(before, after);
	assert_non_null(strstr(after, "/r1/n8 n3,r4 value-8\n"));
	assert_null(strstr(after, "/r1/n7 "));
	assert_non_null(strstr(after, "dom 12\n"));
	assert_non_null(strstr(after, "special 1 n0,r1\n"));
	free(before);
	free(after);
}

/* The crashed copy's journal ends in a record cut short by the crash. */
static void tear_journal(void)
{
	uint32_t junk[3] = { 200, 0x12345678, 0x50 };
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/journal", crashed);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, junk, sizeof(junk)), sizeof(junk));
	close(fd);
}

static void test_torn_tail(void **state)
{
	struct xsd *x = xt_new(dir);
	struct xsd_conn *c = xt_conn(x, 0);
	char *before, *after;

	populate(x, c, 1);
	before = dump(x);
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	tear_journal();
	after = reload(crashed);
	assert_string_equal(before, after);
	free(after);
	/* appends after the cut are replayed */
	x = xt_new(crashed);
	c = xt_conn(x, 0);
	XT_OK(x, c, XS_WRITE, "/later|1");
	strcpy(dir, crashed);	/* copy the copy */
	snprintf(crashed, sizeof(crashed), "%s.2", dir);
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	after = reload(crashed);
	assert_non_null(strstr(after, "/later n0 1\n"));
	free(before);
	free(after);
}

/* The whole of a small file, NUL-terminated length in *len. */
static char *slurp(const char *path, size_t *len)
{
	char *buf = malloc(1 << 20);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_non_null(buf);
	assert_true(fd >= 0);
	n = read(fd, buf, 1 << 20);
	close(fd);
	assert_true(n >= 0 && n < 1 << 20);
	*len = n;
	return buf;
}

/* Entries of dir other than . and .. whose name starts with prefix. */
static int count_named(const char *d, const char *prefix)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)))
		n += !strncmp(e->d_name, prefix, strlen(prefix));
	closedir(dp);
	return n;
}

/* -R: a torn journal stops the start with EBADMSG, nothing moved. */
static void test_no_recovery(void **state)
{
	struct xsd_config cfg = { .state_dir = crashed,
				  .log_level = XSD_LOG_ERR,
				  .no_recovery = true };
	struct xsd *x = xt_new(dir);
	struct xsd_conn *c = xt_conn(x, 0);
	char path[160], *before, *after;
	size_t blen, alen;
	int err = 0;

	populate(x, c, 1);
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	tear_journal();
	snprintf(path, sizeof(path), "%s/journal", crashed);
	before = slurp(path, &blen);
	assert_null(xsd_new(&cfg, &err));
	assert_int_equal(err, EBADMSG);
	after = slurp(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(before, after, blen);
	assert_int_equal(count_named(crashed, "damaged-"), 0);
	free(after);
	/* without -R the same files start, the damage kept aside */
	after = reload(crashed);
	assert_non_null(after);
	assert_int_equal(count_named(crashed, "damaged-"), 1);
	free(before);
	free(after);
}

static void test_snapshot(void **state)
{
	struct xsd *x = xt_new(dir);
	struct xsd_conn *c = xt_conn(x, 0);
	char *before, *after;

	populate(x, c, 1);
	XT_OK(x, c, XS_CONTROL, "compact|");
	populate(x, c, 2);
	XT_OK(x, c, XS_RELEASE, "12|");
	before = dump(x);
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	/* snapshot plus journal */
	after = reload(crashed);
	assert_string_equal(before, after);
	assert_null(strstr(after, "dom 12\n"));
	free(after);
	/* compaction again with nothing after it */
	x = xt_new(dir);
	c = xt_conn(x, 0);
	XT_OK(x, c, XS_CONTROL, "compact|");
	xt_free_conn(c);
	xsd_free(x);
	after = reload(dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Domain 6 targets 5 (a stub domain), 5 has its own node quota. */
static void check_domain_state(const char *from)
{
	struct xsd *x = xt_new(from);
	struct xsd_conn *c = xt_conn(x, 0), *d6 = xt_conn(x, 6);

	assert_string_equal(xt_req(x, c, XSD_GET_QUOTA, 0, "5|nodes|"), "7|");
	assert_string_equal(xt_req(x, c, XSD_GET_QUOTA, 0, "6|nodes|"),
			    "1000|");
	XT_OK(x, d6, XS_WRITE, "/local/domain/5/by6|x");
	assert_string_equal(xt_req(x, d6, XS_WRITE, 0, "/local/domain/7/x|x"),
			    "!EACCES|");
	/* node accounting is rebuilt exactly */
	assert_int_equal(x->dom[5]->nodes, 1);
	assert_int_equal(x->dom[5]->bytes, xt_owned_mem(x, 5));
	xt_free_conn(d6);
	xt_free_conn(c);
	xsd_free(x);
}

static void test_domain_state(void **state)
{
	struct xsd *x = xt_new(dir);
	struct xsd_conn *c = xt_conn(x, 0);
	int i;

	for (i = 5; i <= 7; i++) {
		char args[64];

		snprintf(args, sizeof(args), "%d|0|0|", i);
		XT_OK(x, c, XS_INTRODUCE, args);
		snprintf(args, sizeof(args), "/local/domain/%d|", i);
		XT_OK(x, c, XS_MKDIR, args);
		snprintf(args, sizeof(args), "/local/domain/%d|n%d|", i, i);
		XT_OK(x, c, XS_SET_PERMS, args);
	}
	XT_OK(x, c, XSD_SET_QUOTA, "5|nodes|7|");
	XT_OK(x, c, XS_SET_TARGET, "6|5|");
	crash_copy();
	xt_free_conn(c);
	xsd_free(x);
	check_domain_state(crashed);	/* journal replay */
	check_domain_state(dir);	/* the snapshot of a clean stop */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_torn_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_recovery, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_state, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
