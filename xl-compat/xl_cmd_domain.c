/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_domain.c: the domain lifecycle commands on the runtime's domain
 * registry (runtime/domain.h): starting what `xl create' parsed, list,
 * destroy, shutdown, reboot, pause, unpause, console.  Messages, output
 * formats and exit codes are Xen 4.17's xl's.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "accel.h"
#include "create.h"
#include "domain.h"
#include "fdio.h"
#include "paths.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Resolve a qualifier to a live domain, printing xl's message if none. */
static int live_domid(struct xs_handle *xs, const char *q, unsigned int *domid)
{
	char err[256];

	if (xlrt_domain_lookup(xs, q, domid, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static struct xs_handle *xs_or_die(void)
{
	char err[512];
	struct xs_handle *xs = xlrt_xs_open(err, sizeof(err));

	if (!xs)
		fprintf(stderr, "xl: %s\n", err);
	return xs;
}

static char *dom_read(struct xs_handle *xs, unsigned int domid, const char *rel);

/* ------------------------------------------------------------ console */


/* Where console num of domid is: 0 the monitor's relay; channel i
 * (console i+1) its pty or socket, as XenStore says. */
static int console_open(unsigned int domid, int num)
{
	struct xs_handle *xs;
	char path[4096], rel[64], *be = NULL, *conn = NULL, *dev = NULL;
	int fd = -1;

	if (num == 0) {
		if (xlrt_path_console_xl(path, sizeof(path), domid, 0))
			return -1;
		fd = xlrt_unix_connect(path, 0);
		if (fd < 0)
			fprintf(stderr, "xl: cannot attach to the console of domain %u (%s): %s\n",
				domid, path, strerror(errno));
		return fd;
	}
	xs = xs_or_die();
	if (!xs)
		return -1;
	snprintf(rel, sizeof(rel), "device/console/%d/backend", num);
	be = dom_read(xs, domid, rel);
	if (be) {
		snprintf(path, sizeof(path), "%s/connection", be);
		conn = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
		if (conn && !strcmp(conn, "pty")) {
			snprintf(rel, sizeof(rel), "device/console/%d/tty", num);
			dev = dom_read(xs, domid, rel);
			if (dev)
				fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
		} else if (conn) {
			snprintf(path, sizeof(path), "%s/path", be);
			dev = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
			if (dev)
				fd = xlrt_unix_connect(dev, 0);
		}
	}
	if (fd < 0)
		fprintf(stderr, "xl: domain %u has no console %d%s%s%s\n", domid, num,
			dev ? " (" : "", dev ? dev : "", dev ? ")" : "");
	free(be);
	free(conn);
	free(dev);
	xs_close(xs);
	return fd;
}

static int console_attach(unsigned int domid, int num)
{
	struct termios old, raw;
	struct pollfd p[2];
	char buf[4096];
	bool tty = isatty(0), in_open = true;
	ssize_t n, i;
	int fd = console_open(domid, num), rc = EXIT_SUCCESS;

	if (fd < 0)
		return EXIT_FAILURE;
	if (tty && tcgetattr(0, &old) == 0) {
		raw = old;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	} else {
		tty = false;
	}
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = 0;
	p[1].events = POLLIN;
	for (;;) {
		if (poll(p, in_open ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break;	/* the domain is gone */
			if (write(1, buf, (size_t)n) != n) {
				rc = EXIT_FAILURE;
				break;
			}
		}
		if (in_open && p[1].revents) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				in_open = false;	/* keep showing output */
				continue;
			}
			for (i = 0; i < n && buf[i] != 0x1d; i++)
				;
			if (i && write(fd, buf, (size_t)i) != i)
				break;
			if (i < n)
				break;	/* Ctrl-] */
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &old);
	close(fd);
	return rc;
}

static int cmd_console(int argc, char **argv)
{
	unsigned int domid;
	int opt, num = 0;

	while ((opt = getopt(argc, argv, "t:n:h")) >= 0) {
		switch (opt) {
		case 't':
			if (strcmp(optarg, "pv") && strcmp(optarg, "serial")) {
				fprintf(stderr, "console type supported are: pv, serial\n");
				return EXIT_FAILURE;
			}
			break;
		case 'n':
			num = atoi(optarg);
			break;
		default:
			xl_usage(xl_cmd_find("console"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	if (optind != argc - 1) {
		xl_usage(xl_cmd_find("console"));
		return 2;
	}
	if (live_domid(NULL, argv[optind], &domid))
		return EXIT_FAILURE;
	return console_attach(domid, num);
}

/* ------------------------------------------------------------ create */

int xl_create_run(struct xlm_domain *d, const struct xl_create_flags *f)
{
	struct xlrt_accel_req req = { 0 };
	struct xlrt_accel_choice ch;
	struct xlrt_create_opts o = { 0 };
	char err[1200], notice[512];
	unsigned int domid;
	pid_t mon;
	int r;

	if (xlm_domain_setdefault(d))
		return EXIT_FAILURE;
	req.config = d->b_info.device_model_accel;
	req.xlconf = xlconf_accel_name(xl.conf.accel);
	req.qemu = xl.conf.qemu;
	if (xlrt_accel_choose(&req, &ch)) {
		fprintf(stderr, "xl: %s\n", ch.why);
		return EXIT_FAILURE;
	}
	if (!f->quiet) {
		xlrt_accel_notice(&ch, notice, sizeof(notice));
		fprintf(stderr, "%s\n", notice);
	}
	o.accel = ch.accel;
	o.qemu = xl.conf.qemu;
	o.paused = f->paused;
	o.config_text = f->config_text;
	o.incoming = f->incoming;
	o.guest_link = xl.conf.guest_link;
	o.vsock_cid_base = xl.conf.vsock_cid_base;
	r = xlrt_domain_create(d, &o, &domid, &mon, err, sizeof(err));
	if (r) {
		fprintf(stderr, "xl: cannot create domain %s: %s\n",
			d->c_info.name, err);
		return EXIT_FAILURE;
	}
	if (f->console)
		return console_attach(domid, 0);
	if (f->foreground) {
		/* until no domain of this name is left (restarts included) */
		while (!xlrt_domain_lookup(NULL, d->c_info.name, &domid, NULL, 0))
			sleep_ms(200);
	}
	return EXIT_SUCCESS;
}

/* ------------------------------------------------------------ list */

static void print_row(const struct xlrt_dominfo *in, bool verbose)
{
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash", "watchdog",
					       "soft_reset" };
	bool shut = in->st.state == XLRT_RUN_SHUTDOWN ||
		    in->st.state == XLRT_RUN_CRASHED;
	unsigned int code = 0, i;

	printf("%-40s %5u %5lu %5d     %s  %8.1f", in->name, in->domid,
	       (unsigned long)(in->target_kb / 1024), in->vcpus_online,
	       in->letters, in->cpu_time);
	if (verbose) {
		for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
			if (!strcmp(in->st.shutdown_reason, reasons[i]))
				code = i;
		printf(" %s", in->uuid);
		if (shut)
			printf(" %8x", code);
		else
			printf(" %8s", "-");
		printf("  -");
	}
	putchar('\n');
}

static int list_long(struct xs_handle *xs, const unsigned int *ids, int n)
{
	json_object *arr = json_object_new_array(), *o, *cfg;
	struct xlrt_dominfo in;
	int i;

	for (i = 0; i < n; i++) {
		if (xlrt_domain_info(xs, ids[i], &in) ||
		    xlrt_domain_config(ids[i], &cfg))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "domid", json_object_new_int((int)ids[i]));
		json_object_object_add(o, "config", cfg);
		json_object_array_add(arr, o);
	}
	xlm_json_print(stdout, arr);
	putchar('\n');
	json_object_put(arr);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "long", no_argument, NULL, 'l' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "context", no_argument, NULL, 'Z' },
		{ "cpupool", no_argument, NULL, 'c' },
		{ "numa", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct xlrt_dominfo *all = NULL;
	unsigned int *ids = NULL;
	bool lng = false, verbose = false;
	struct xs_handle *xs;
	int opt, n = 0, i, rc = EXIT_SUCCESS;

	while ((opt = getopt_long(argc, argv, "lvZcnh", opts, NULL)) >= 0) {
		switch (opt) {
		case 'l':
			lng = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'Z':
		case 'c':
		case 'n':
			break;
		default:
			xl_usage(xl_cmd_find("list"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	xs = xs_or_die();
	if (!xs)
		return EXIT_FAILURE;
	if (optind < argc) {
		ids = calloc((size_t)(argc - optind), sizeof(*ids));
		all = calloc((size_t)(argc - optind), sizeof(*all));
		for (i = optind; ids && all && i < argc; i++, n++)
			if (live_domid(xs, argv[i], &ids[n]) ||
			    xlrt_domain_info(xs, ids[n], &all[n])) {
				rc = EXIT_FAILURE;
				goto out;
			}
	} else if (xlrt_domain_list(xs, &all, &n)) {
		fprintf(stderr, "libxl: error: cannot list domains\n");
		rc = EXIT_FAILURE;
		goto out;
	} else if ((ids = calloc((size_t)n + 1, sizeof(*ids)))) {
		for (i = 0; i < n; i++)
			ids[i] = all[i].domid;
	}
	if (lng) {
		rc = list_long(xs, ids, n);
		goto out;
	}
	printf("Name                                        ID   Mem VCPUs\tState\tTime(s)");
	if (verbose)
		printf("   UUID                            Reason-Code\tSecurity Label");
	putchar('\n');
	for (i = 0; i < n; i++)
		print_row(&all[i], verbose);
	if (fflush(stdout))
		rc = EXIT_FAILURE;
out:
	free(ids);
	free(all);
	xs_close(xs);
	return rc;
}

/* ------------------------------------------------------------ destroy */

static int cmd_destroy(int argc, char **argv)
{
	unsigned int domid;
	char err[512];
	int opt;

	while ((opt = getopt(argc, argv, "fh")) >= 0) {
		if (opt != 'f') {
			xl_usage(xl_cmd_find("destroy"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	if (optind != argc - 1) {
		xl_usage(xl_cmd_find("destroy"));
		return 2;
	}
	if (live_domid(NULL, argv[optind], &domid))
		return EXIT_FAILURE;
	if (domid == 0) {
		fprintf(stderr, "Cannot destroy privileged domain 0.\n\n");
		return EXIT_FAILURE;
	}
	if (xlrt_domain_destroy(domid, 10000, err, sizeof(err))) {
		fprintf(stderr, "destroy failed: %s\n", err);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/* ------------------------------------------------------------ shutdown */

static int qmp_cmd(unsigned int domid, const char *cmd)
{
	struct xlrt_qmp *q;
	char err[512];
	int r = xlrt_domain_qmp(domid, 5000, &q, err, sizeof(err));

	if (r) {
		fprintf(stderr, "xl: cannot reach the device model of domain %u: %s\n",
			domid, err);
		return r;
	}
	r = xlrt_qmp_execute(q, cmd, NULL, NULL, 10000);
	if (r)
		fprintf(stderr, "xl: %s on domain %u: %s\n", cmd, domid,
			xlrt_qmp_strerror(q));
	xlrt_qmp_close(q);
	return r;
}

static char *dom_read(struct xs_handle *xs, unsigned int domid, const char *rel)
{
	char path[128];
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	return xs_read(xs, XBT_NULL, path, &len);
}

/* control/shutdown, then wait up to 60 s for the guest to clear it. */
static int pv_request(struct xs_handle *xs, unsigned int domid, const char *req)
{
	char path[128], *v;
	int waited;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
	if (!xs_write(xs, XBT_NULL, path, req, strlen(req))) {
		fprintf(stderr, "xl: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (waited = 0; waited < 60000; waited += 10) {
		v = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
		if (!v || !*v) {
			free(v);
			return 0;
		}
		free(v);
		sleep_ms(10);
	}
	fprintf(stderr, "xl: domain %u did not acknowledge the %s request within 60 s\n",
		domid, req);
	return -1;
}

static int shutdown_one(struct xs_handle *xs, unsigned int domid, bool reboot,
			bool fallback)
{
	const char *req = reboot ? "reboot" : "poweroff";
	char feat[64], *v;
	bool pv;

	fprintf(stderr, "%s domain %u\n", reboot ? "Rebooting" : "Shutting down",
		domid);
	snprintf(feat, sizeof(feat), "control/feature-%s", req);
	v = dom_read(xs, domid, feat);
	pv = v && !strcmp(v, "1");
	free(v);
	if (pv)
		return pv_request(xs, domid, req);
	(void)fallback;	/* -F or not: KVM guests always have ACPI */
	fprintf(stderr, "PV control interface not available: sending ACPI %s event.\n",
		reboot ? "reset" : "power button");
	return qmp_cmd(domid, reboot ? "system_reset" : "system_powerdown") ?
	       -1 : 0;
}

static int wait_deaths(const unsigned int *ids, int n)
{
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash", "watchdog",
					       "soft_reset" };
	struct xlrt_domstate st;
	char last[16][32];
	int left = n, i;
	unsigned int k;
	bool *done = calloc((size_t)n, sizeof(bool));

	if (!done)
		return -1;
	memset(last, 0, sizeof(last));
	fprintf(stderr, "Waiting for %d domains\n", n);
	while (left) {
		for (i = 0; i < n; i++) {
			if (done[i])
				continue;
			if (xlrt_domstate_read(ids[i], &st) == 0 &&
			    st.state != XLRT_RUN_SHUTDOWN &&
			    st.state != XLRT_RUN_CRASHED) {
				if (i < 16)
					snprintf(last[i], sizeof(last[i]), "%s",
						 st.shutdown_reason);
				continue;
			}
			if (i < 16 && st.shutdown_reason[0])
				snprintf(last[i], sizeof(last[i]), "%s",
					 st.shutdown_reason);
			for (k = 0; k < sizeof(reasons) / sizeof(reasons[0]); k++)
				if (i < 16 && !strcmp(last[i], reasons[k]))
					break;
			fprintf(stderr, "Domain %u has been shut down, reason code %u\n",
				ids[i], k < 6 ? k : 0);
			done[i] = true;
			left--;
		}
		if (left)
			sleep_ms(10);
	}
	fprintf(stderr, "All domains have been shut down\n");
	free(done);
	return 0;
}

static int shutdown_or_reboot(int argc, char **argv, bool reboot)
{
	const char *name = reboot ? "reboot" : "shutdown";
	bool all = false, wait = false, fallback = false;
	struct xlrt_dominfo *doms = NULL;
	unsigned int *ids = NULL;
	struct xs_handle *xs;
	int opt, n = 0, i, rc = EXIT_SUCCESS;

	while ((opt = getopt(argc, argv, "awFh")) >= 0) {
		switch (opt) {
		case 'a':
			all = true;
			break;
		case 'w':
			wait = true;
			break;
		case 'F':
			fallback = true;
			break;
		default:
			xl_usage(xl_cmd_find(name));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	if (all ? optind != argc : optind != argc - 1) {
		xl_usage(xl_cmd_find(name));
		return 2;
	}
	xs = xs_or_die();
	if (!xs)
		return EXIT_FAILURE;
	if (all) {
		if (xlrt_domain_list(xs, &doms, &n) ||
		    !(ids = calloc((size_t)n + 1, sizeof(*ids)))) {
			rc = EXIT_FAILURE;
			goto out;
		}
		for (i = 1; i < n; i++)	/* [0] is Domain-0 */
			ids[i - 1] = doms[i].domid;
		n--;
	} else {
		ids = calloc(1, sizeof(*ids));
		if (!ids || live_domid(xs, argv[optind], &ids[0])) {
			rc = EXIT_FAILURE;
			goto out;
		}
		n = 1;
		if (ids[0] == 0) {
			fprintf(stderr, "xl: cannot %s Domain-0 (the host)\n", name);
			rc = EXIT_FAILURE;
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		if (shutdown_one(xs, ids[i], reboot, fallback)) {
			fprintf(stderr, "%s failed (rc=%d)\n", name, -3);
			rc = EXIT_FAILURE;
			goto out;
		}
	if (wait && n)
		wait_deaths(ids, n);
out:
	free(ids);
	free(doms);
	xs_close(xs);
	return rc;
}

static int cmd_shutdown(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, false);
}

static int cmd_reboot(int argc, char **argv)
{
	return shutdown_or_reboot(argc, argv, true);
}

/* ------------------------------------------------------------ pause */

static int pause_or_unpause(int argc, char **argv, bool pause)
{
	const char *name = pause ? "pause" : "unpause";
	struct xlrt_domstate st;
	unsigned int domid;
	int waited;

	if (argc != 2 || argv[1][0] == '-') {
		xl_usage(xl_cmd_find(name));
		return argc == 2 && !strcmp(argv[1], "-h") ? EXIT_SUCCESS : 2;
	}
	if (live_domid(NULL, argv[1], &domid))
		return EXIT_FAILURE;
	if (domid == 0) {
		fprintf(stderr, "xl: cannot %s Domain-0 (the host)\n", name);
		return EXIT_FAILURE;
	}
	if (qmp_cmd(domid, pause ? "stop" : "cont"))
		return EXIT_FAILURE;
	/* as on Xen, `xl list' right after shows the new state */
	for (waited = 0; waited < 2000; waited += 2) {
		if (xlrt_domstate_read(domid, &st) ||
		    (st.state == XLRT_RUN_PAUSED) == pause)
			break;
		sleep_ms(2);
	}
	return EXIT_SUCCESS;
}

static int cmd_pause(int argc, char **argv)
{
	return pause_or_unpause(argc, argv, true);
}

static int cmd_unpause(int argc, char **argv)
{
	return pause_or_unpause(argc, argv, false);
}

const struct xl_cmd xl_cmds_domain[] = {
	{ "list", cmd_list, 0, "List information about all/some domains",
	  "list [options] [Domain]\n\n"
	  "-l, --long              Output all VM details\n"
	  "-v, --verbose           Prints out UUIDs and security context" },
	{ "destroy", cmd_destroy, 0, "Terminate a domain immediately",
	  "destroy [options] <Domain>\n\n"
	  "-f                      Permit destroying domain 0" },
	{ "shutdown", cmd_shutdown, 0, "Issue a shutdown signal to a domain",
	  "shutdown [options] <-a|Domain>\n\n"
	  "-a, --all               Shutdown all guest domains.\n"
	  "-h                      Print this help.\n"
	  "-F                      Fallback to ACPI power event for HVM guests with\n"
	  "                        no PV drivers.\n"
	  "-w, --wait              Wait for guest(s) to shutdown." },
	{ "reboot", cmd_reboot, 0, "Issue a reboot signal to a domain",
	  "reboot [options] <-a|Domain>\n\n"
	  "-a, --all               Reboot all guest domains.\n"
	  "-h                      Print this help.\n"
	  "-F                      Fallback to ACPI reset event for HVM guests with\n"
	  "                        no PV drivers.\n"
	  "-w, --wait              Wait for guest(s) to reboot." },
	{ "pause", cmd_pause, 0, "Pause execution of a domain", "pause <Domain>" },
	{ "unpause", cmd_unpause, 0, "Unpause a paused domain",
	  "unpause <Domain>" },
	{ "console", cmd_console, 0, "Attach to domain's console",
	  "console [options] <Domain>\n"
	  "-t <type>       console type, pv , serial or vuart\n"
	  "-n <number>     console number" },
	{ NULL, NULL, 0, NULL, NULL },
};
