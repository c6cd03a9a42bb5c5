/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Integration tests of xl-compat/runtime/chan_host.c against real QEMUs
 * (started paused from xlrt_dm_build's command line, as the monitor does)
 * and a real xenstored-kvm (chan-host.sh starts it and sets XENSTORED_PATH
 * and XEN_KVM_ROOT):
 *   - a connection=socket channel's socket is 0600 after setup, whatever
 *     QEMU's umask made it;
 *   - a connection=pty channel's pty (query-chardev) is at
 *     device/console/<i+1>/tty, owned by dom0 and readable by the domain;
 *   - a backend=<domain> channel's relay joins the two QEMUs' sockets and
 *     comes back when the serving domain's QEMU is restarted, and the
 *     channel's backend follows that domain into its tree when it comes
 *     up, as the domid it has then;
 *   - such a channel's XenStore nodes (xs_layout.c, no QEMU): the backend
 *     in the serving domain's tree with libxl's perms, dom0's while that
 *     domain is not running, moved into its tree when it starts and again
 *     when it restarts as another domid (xlrt_xs_chan_rebind), and
 *     removing the frontend's domain leaves no node of it there (and no
 *     backend directory it emptied).
 */
#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>
#include <xenstore.h>

#include "xlrt_test.h"
#include "chan_host.h"
#include "chanrelay.h"
#include "dm_argv.h"
#include "domain.h"
#include "paths.h"
#include "qemu_proc.h"
#include "xs_layout.h"
#include "xs_path.h"

static const char *qemu, *dir;

/* Load a config written from text, with libxl's defaults. */
static void load(const char *name, const char *text, struct xlm_domain *d)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.cfg", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(xlm_load(path, NULL, NULL, d), 0);
	assert_int_equal(xlm_domain_setdefault(d), 0);
}

/* QEMU for d as domid, paused, as the monitor starts it. */
static struct xlrt_qemu *start(const struct xlm_domain *d, unsigned int domid)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_TCG, .domid = domid,
				   .qemu = qemu };
	struct xlrt_dm dm;
	struct xlrt_qemu *q;
	char qmp[4096], err[2048];

	assert_int_equal(xlrt_dm_build(d, &env, &dm, err, sizeof(err)), 0);
	assert_int_equal(xlrt_argv_add(&dm.args, "-S"), 0);
	assert_int_equal(xlrt_path_qmp(qmp, sizeof(qmp), domid), 0);
	if (xlrt_qemu_start(&(struct xlrt_qemu_opts){
			.qemu = dm.qemu,
			.args = (const char *const *)dm.args.v,
			.qmp_path = qmp, .timeout_ms = 10000 }, &q,
			err, sizeof(err)))
		fail_msg("QEMU: %s", err);
	xlrt_dm_free(&dm);
	return q;
}

static char *rd(struct xs_handle *xs, const char *path)
{
	unsigned int len;
	char *v = xs_read(xs, XBT_NULL, path, &len);

	if (!v)
		fail_msg("no %s", path);
	return v;
}

static void expect(struct xs_handle *xs, const char *path, const char *want)
{
	char *v = rd(xs, path);

	if (strcmp(v, want))
		fail_msg("%s is '%s', not '%s'", path, v, want);
	free(v);
}

static void expect_gone(struct xs_handle *xs, const char *path)
{
	unsigned int len;
	char *v = xs_read(xs, XBT_NULL, path, &len);

	if (v)
		fail_msg("%s is still there", path);
}

/* path's perms are exactly [n<owner>, r<reader>] */
static void expect_perms(struct xs_handle *xs, const char *path,
			 unsigned int owner, unsigned int reader)
{
	struct xs_permissions *p;
	unsigned int n;

	p = xs_get_permissions(xs, XBT_NULL, path, &n);
	if (!p)
		fail_msg("no perms for %s", path);
	if (n != 2 || p[0].id != owner || p[0].perms != XS_PERM_NONE ||
	    p[1].id != reader || p[1].perms != XS_PERM_READ)
		fail_msg("%s: perms not [n%u, r%u]", path, owner, reader);
	free(p);
}

static void pty_and_socket(void **state)
{
	struct xlm_domain d;
	struct xlrt_qemu *q;
	struct xs_handle *xs;
	struct xs_permissions *p;
	char text[1024], sock[512], err[512], *tty;
	unsigned int len, n;
	struct stat st;

	(void)state;
	snprintf(sock, sizeof(sock), "%s/canal.sock", dir);
	snprintf(text, sizeof(text), "name = \"ch\"\ntype = \"hvm\"\n"
		 "memory = 64\nchannel = [ \"name=canal, connection=socket, "
		 "path=%s\", \"name=journal, connection=pty\" ]\n", sock);
	load("ch", text, &d);
	assert_int_equal(xlrt_dom_dir_create(5), 0);
	umask(022);
	q = start(&d, 5);
	assert_int_equal(stat(sock, &st), 0);
	assert_int_not_equal(st.st_mode & 0777, 0600);	/* QEMU's own */
	xs = xlrt_xs_open(err, sizeof(err));
	assert_non_null(xs);
	if (xlrt_chan_host_setup(q->qmp, xs, 5, &d, false, err, sizeof(err)))
		fail_msg("setup: %s", err);
	assert_int_equal(stat(sock, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	tty = xs_read(xs, XBT_NULL, "/local/domain/5/device/console/2/tty",
		      &len);
	assert_non_null(tty);
	assert_memory_equal(tty, "/dev/pts/", 9);
	assert_int_equal(stat(tty, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	p = xs_get_permissions(xs, XBT_NULL,
			       "/local/domain/5/device/console/2/tty", &n);
	assert_non_null(p);
	assert_int_equal(n, 2);
	assert_int_equal(p[0].id, 0);
	assert_int_equal(p[1].id, 5);
	assert_int_equal(p[1].perms, XS_PERM_READ);
	free(p);
	free(tty);
	xs_close(xs);
	xlrt_qemu_stop(q, 1000);
	xlm_domain_dispose(&d);
	assert_int_equal(xlrt_dom_dir_remove(5), 0);
}

/* Spin the loop until the relay's end e has connected `want' times and is
 * up (or 10 s). */
static void until_up(struct event_base *base, struct chanrelay *r, int e,
		     uint64_t want)
{
	struct chanrelay_stats st;

	for (int i = 0; i < 10000; i++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		chanrelay_stats(r, &st);
		if (st.up[e] && st.connects[e] >= want)
			return;
		usleep(1000);
	}
	fail_msg("end %d never connected (%llu times)", e,
		 (unsigned long long)want);
}

static void relay_between_qemus(void **state)
{
	struct xlm_domain a, b;
	struct xlrt_qemu *qa, *qb;
	struct chanrelay **relays;
	struct event_base *base = event_base_new();
	struct xs_handle *xs;
	char text[1024], sock[512], err[512];

	(void)state;
	snprintf(sock, sizeof(sock), "%s/rpc.sock", dir);
	snprintf(text, sizeof(text), "name = \"vm-b\"\ntype = \"hvm\"\n"
		 "memory = 64\nchannel = [ \"name=rpc, connection=socket, "
		 "path=%s\" ]\n", sock);
	load("b", text, &b);
	snprintf(text, sizeof(text), "name = \"vm-a\"\ntype = \"hvm\"\n"
		 "memory = 64\nchannel = [ \"name=rpc, connection=socket, "
		 "path=%s, backend=vm-b\" ]\n", sock);
	load("a", text, &a);
	assert_int_equal(xlrt_dom_dir_create(6), 0);
	assert_int_equal(xlrt_dom_dir_create(7), 0);
	xs = xlrt_xs_open(err, sizeof(err));
	assert_non_null(xs);
	/* A's layout while B is not running: its backend is dom0's */
	if (xlrt_xs_layout_write(xs, 7, &a, "", err, sizeof(err)) ||
	    xlrt_xs_layout_write(xs, 6, &b, "", err, sizeof(err)))
		fail_msg("layout: %s", err);
	expect(xs, "/local/domain/7/device/console/1/backend-id", "0");
	qb = start(&b, 6);
	qa = start(&a, 7);
	if (xlrt_chan_relays_start(base, 7, &a, &relays, err, sizeof(err)))
		fail_msg("relays: %s", err);
	assert_non_null(relays);
	assert_non_null(relays[0]);
	assert_null(relays[1]);
	until_up(base, relays[0], 0, 1);
	until_up(base, relays[0], 1, 1);
	/* B's end came up: the backend moved into B's tree */
	expect(xs, "/local/domain/7/device/console/1/backend-id", "6");
	expect(xs, "/local/domain/6/backend/console/7/1/frontend",
	       "/local/domain/7/device/console/1");
	expect_gone(xs, "/local/domain/0/backend/console/7/1");
	/* B goes away and comes back as 13: the relay reconnects to it and
	 * the backend follows */
	xlrt_qemu_stop(qb, 1000);
	unlink(sock);
	assert_int_equal(xlrt_xs_layout_remove(xs, 6), 0);
	assert_int_equal(xlrt_dom_dir_remove(6), 0);
	assert_int_equal(xlrt_dom_dir_create(13), 0);
	if (xlrt_xs_layout_write(xs, 13, &b, "", err, sizeof(err)))
		fail_msg("layout: %s", err);
	qb = start(&b, 13);
	until_up(base, relays[0], 1, 2);
	expect(xs, "/local/domain/7/device/console/1/backend-id", "13");
	expect(xs, "/local/domain/13/backend/console/7/1/frontend",
	       "/local/domain/7/device/console/1");
	xlrt_chan_relays_free(relays);
	assert_int_equal(xlrt_xs_layout_remove(xs, 7), 0);
	expect_gone(xs, "/local/domain/13/backend/console/7");
	assert_int_equal(xlrt_xs_layout_remove(xs, 13), 0);
	xs_close(xs);
	xlrt_qemu_stop(qa, 1000);
	xlrt_qemu_stop(qb, 1000);
	event_base_free(base);
	xlm_domain_dispose(&a);
	xlm_domain_dispose(&b);
	assert_int_equal(xlrt_dom_dir_remove(13), 0);
	assert_int_equal(xlrt_dom_dir_remove(7), 0);
}

/* Domain 8 (vm-lb) serves channels of 9 (and of 10, which stays). */
static void layout_backend_domain(void **state)
{
	static const char *fe = "/local/domain/9/device/console/1";
	static const char *be1 = "/local/domain/8/backend/console/9/1";
	struct xlm_domain a, c;
	struct xs_handle *xs;
	char text[1024], err[512];
	unsigned int be;

	(void)state;
	snprintf(text, sizeof(text), "name = \"vm-la\"\ntype = \"hvm\"\n"
		 "memory = 64\nchannel = [ \"name=rpc, connection=socket, "
		 "path=%s/x.sock, backend=vm-lb\", \"name=log, "
		 "connection=socket, path=%s/y.sock, backend=vm-gone\" ]\n",
		 dir, dir);
	load("la", text, &a);
	snprintf(text, sizeof(text), "name = \"vm-lc\"\ntype = \"hvm\"\n"
		 "memory = 64\nchannel = [ \"name=rpc, connection=socket, "
		 "path=%s/z.sock, backend=vm-lb\" ]\n", dir);
	load("lc", text, &c);
	xs = xlrt_xs_open(err, sizeof(err));
	assert_non_null(xs);
	assert_int_equal(xlrt_dom_dir_create(8), 0);
	/* a running domain's name, as create writes it (xs_path.h) */
	assert_int_equal(xlrt_xs_name_set(xs, XBT_NULL, 8, "vm-lb"), 0);
	assert_int_equal(xlrt_dom_dir_create(9), 0);
	assert_int_equal(xlrt_dom_dir_create(10), 0);
	if (xlrt_xs_layout_write(xs, 9, &a, "", err, sizeof(err)) ||
	    xlrt_xs_layout_write(xs, 10, &c, "", err, sizeof(err)))
		fail_msg("layout: %s", err);

	expect(xs, "/local/domain/9/device/console/1/backend", be1);
	expect(xs, "/local/domain/9/device/console/1/backend-id", "8");
	expect_perms(xs, fe, 9, 8);
	expect_perms(xs, be1, 8, 9);
	expect(xs, "/local/domain/8/backend/console/9/1/frontend", fe);
	expect(xs, "/local/domain/8/backend/console/9/1/frontend-id", "9");
	expect(xs, "/local/domain/8/backend/console/9/1/name", "rpc");
	expect(xs, "/local/domain/8/backend/console/9/1/connection", "socket");
	expect_gone(xs, "/local/domain/0/backend/console/9/1");
	/* the named domain is not running: dom0 holds the backend */
	expect(xs, "/local/domain/9/device/console/2/backend",
	       "/local/domain/0/backend/console/9/2");
	expect(xs, "/local/domain/9/device/console/2/backend-id", "0");
	expect_perms(xs, "/local/domain/9/device/console/2", 9, 0);
	/* right as it is: nothing to rewrite */
	assert_int_equal(xlrt_xs_chan_rebind(xs, 9, 0, &a.channels[0], &be), 0);
	assert_int_equal(be, 8);
	assert_int_equal(xlrt_xs_chan_rebind(xs, 9, 1, &a.channels[1], &be),
			 -ENOENT);

	/* vm-gone starts (as 11) once vm-la runs; then 11 is renamed and a
	 * new vm-gone is 12 */
	for (unsigned int g = 11; g <= 12; g++) {
		static const char *gfe = "/local/domain/9/device/console/2";
		char gbe[64], old[64];

		snprintf(gbe, sizeof(gbe), "/local/domain/%u/backend/console/9/2",
			 g);
		snprintf(old, sizeof(old), "/local/domain/%u/backend",
			 g == 11 ? 0 : 11);
		if (g == 12)
			assert_int_equal(xlrt_xs_name_set(xs, XBT_NULL, 11,
							  "vm-other"), 0);
		assert_int_equal(xlrt_dom_dir_create(g), 0);
		assert_int_equal(xlrt_xs_name_set(xs, XBT_NULL, g, "vm-gone"), 0);
		assert_int_equal(xlrt_xs_chan_rebind(xs, 9, 1, &a.channels[1],
						     &be), 1);
		assert_int_equal(be, g);
		snprintf(text, sizeof(text), "%u", g);
		expect(xs, "/local/domain/9/device/console/2/backend", gbe);
		expect(xs, "/local/domain/9/device/console/2/backend-id", text);
		expect_perms(xs, gfe, 9, g);
		expect_perms(xs, "/local/domain/9/device/console/2/name", 9, g);
		expect(xs, "/local/domain/9/device/console/2/state", "4");
		expect_perms(xs, gbe, g, 9);
		snprintf(text, sizeof(text), "%s/frontend", gbe);
		expect(xs, text, gfe);
		snprintf(text, sizeof(text), "%s/name", gbe);
		expect(xs, text, "log");
		snprintf(text, sizeof(text), "%s/path", gbe);
		expect(xs, text, a.channels[1].socket_path);
		snprintf(text, sizeof(text), "%s/state", gbe);
		expect(xs, text, "4");
		/* the stale backend is gone, and the directories it emptied
		 * (dom0 keeps vm-la's console 0) */
		snprintf(text, sizeof(text), "%s/console/9/2", old);
		expect_gone(xs, text);
		if (g == 11)
			expect(xs, "/local/domain/0/backend/console/9/0/frontend",
			       "/local/domain/9/console");
		else
			expect_gone(xs, old);
		assert_int_equal(xlrt_xs_chan_rebind(xs, 9, 1, &a.channels[1],
						     &be), 0);
		/* the other channel's backend did not move */
		expect(xs, "/local/domain/9/device/console/1/backend", be1);
	}
	/* its backend nodes removed (not its domid): written again */
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/12/backend"));
	assert_int_equal(xlrt_xs_chan_rebind(xs, 9, 1, &a.channels[1], &be), 1);
	expect(xs, "/local/domain/12/backend/console/9/2/frontend",
	       "/local/domain/9/device/console/2");

	assert_int_equal(xlrt_xs_layout_remove(xs, 9), 0);
	expect_gone(xs, "/local/domain/8/backend/console/9");
	expect_gone(xs, "/local/domain/0/backend/console/9");
	expect_gone(xs, "/local/domain/12/backend");
	expect(xs, "/local/domain/12/name", "vm-gone");
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/11"));
	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/12"));
	expect_perms(xs, "/local/domain/8/backend/console/10/1", 8, 10);
	assert_int_equal(xlrt_xs_layout_remove(xs, 10), 0);
	expect_gone(xs, "/local/domain/8/backend");
	expect(xs, "/local/domain/8/name", "vm-lb");

	assert_true(xs_rm(xs, XBT_NULL, "/local/domain/8"));
	xs_close(xs);
	xlm_domain_dispose(&a);
	xlm_domain_dispose(&c);
	for (unsigned int d = 8; d <= 12; d++)
		assert_int_equal(xlrt_dom_dir_remove(d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pty_and_socket),
		cmocka_unit_test(relay_between_qemus),
		cmocka_unit_test(layout_backend_domain),
	};

	qemu = xlrt_need_qemu();
	dir = getenv("CHAN_TEST_DIR");
	if (!dir || !getenv("XENSTORED_PATH"))
		xlrt_skip_all("run through chan-host.sh (needs a xenstored)");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
