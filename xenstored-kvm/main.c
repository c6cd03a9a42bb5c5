/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xenstored-kvm's command line: options (Xen 4.17's names where Xen has
 * them), daemonising so that the parent exits only once the child serves,
 * then the event loop of daemon.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xenstored-kvm [OPTION]...\n"
"XenStore daemon for KVM hosts: serves Xen's XenStore protocol on Unix\n"
"sockets to unmodified libxenstore clients.\n"
"\n"
"  -N, --no-fork            stay in the foreground\n"
"  -F, --pid-file FILE      write the daemon's pid to FILE once ready\n"
"  -P, --output-pid         print the daemon's pid on standard output once\n"
"                           ready\n"
"  -T, --trace-file FILE    trace every message and connection to FILE, in\n"
"                           Xen's layout; SIGHUP reopens it\n"
"      --rundir DIR         sockets go to DIR/socket, DIR/socket_ro and\n"
"                           DIR/domain/<domid> (default $XENSTORED_RUNDIR,\n"
"                           else /var/run/xenstored)\n"
"      --state-dir DIR      snapshot and journal (default\n"
"                           /var/lib/xenstored-kvm)\n"
"      --no-persist         keep the store in memory only\n"
"  -R, --no-recovery        a damaged snapshot or journal stops the start,\n"
"                           left as found (default: kept aside, the valid\n"
"                           part loaded)\n"
"  -I, --internal-db [on]   the store is in memory (Xen's default; here it\n"
"                           always is): accepted; off is refused\n"
"      --log-file FILE      log to FILE (default: standard error);\n"
"                           SIGHUP reopens it\n"
"      --syslog             log to syslog instead\n"
"      --log-level LEVEL    error, warning, info (default) or debug\n"
"  -V, --verbose            same as --log-level debug\n"
"  -E, --entry-nb N         nodes a domain may own (default 1000)\n"
"  -S, --entry-size N       bytes of one node: data, perms, child names\n"
"                           (default 2048)\n"
"  -W, --watch-nb N         watches per domain (default 128)\n"
"  -t, --transaction N      open transactions per domain (default 10)\n"
"  -A, --perm-nb N          permission entries per node (default 5)\n"
"  -M, --path-max N         path length below a domain's home (default 2048)\n"
"  -Q, --quota WHAT=N       set quota WHAT: nodes, node-size, watches,\n"
"                           transactions, node-permissions,\n"
"                           transaction-nodes (default 1024),\n"
"                           path-length, memory (bytes of the nodes a\n"
"                           domain owns, as Xen counts them, plus its\n"
"                           transaction copies: ENOMEM beyond; and of\n"
"                           unread events: disconnected beyond; default\n"
"                           2621440), outstanding (replies a\n"
"                           domain's connection has not read; at that\n"
"                           many it is not served until it reads;\n"
"                           default 20)\n"
"  -q, --quota-soft memory=N\n"
"                           log a warning when a domain's memory (as for\n"
"                           -Q memory) exceeds N bytes (default 2097152)\n"
"  -w, --timeout watch-event=N\n"
"                           drop a domain's connection whose output stays\n"
"                           unread for N seconds (default 20)\n"
"  -K, --keep-orphans       a released domain's nodes outside its home go\n"
"                           to dom0 (default: deleted, as in Xen)\n"
"  -D, --no-domain-init     accepted: dom0 has no ring to set up here, it\n"
"                           uses the sockets\n"
"  -h, -H, --help           show this help\n"
"      --version            show the version\n"
"No quota applies to dom0 (the clients of DIR/socket). While transactions\n"
"are open, other domains' writes are rate limited as in Xen 4.17 (200/s\n"
"shared, bursts of 10; no option, as in Xen).\n"
"Refused, naming the option: -U, --live-update (restart the daemon: the\n"
"store survives in --state-dir), --master-domid and --priv-domid (no stub\n"
"domains).\n");
}

enum { OPT_RUNDIR = 256, OPT_STATE, OPT_NOPERSIST, OPT_LOGFILE, OPT_SYSLOG,
       OPT_LOGLEVEL, OPT_VERSION, OPT_MASTER, OPT_PRIV };

static const struct option longopts[] = {
	{ "no-fork", no_argument, NULL, 'N' },
	{ "pid-file", required_argument, NULL, 'F' },
	{ "output-pid", no_argument, NULL, 'P' },
	{ "trace-file", required_argument, NULL, 'T' },
	{ "no-recovery", no_argument, NULL, 'R' },
	{ "internal-db", optional_argument, NULL, 'I' },
	{ "keep-orphans", no_argument, NULL, 'K' },
	{ "no-domain-init", no_argument, NULL, 'D' },
	{ "live-update", no_argument, NULL, 'U' },
	{ "master-domid", required_argument, NULL, OPT_MASTER },
	{ "priv-domid", required_argument, NULL, OPT_PRIV },
	{ "rundir", required_argument, NULL, OPT_RUNDIR },
	{ "state-dir", required_argument, NULL, OPT_STATE },
	{ "no-persist", no_argument, NULL, OPT_NOPERSIST },
	{ "log-file", required_argument, NULL, OPT_LOGFILE },
	{ "syslog", no_argument, NULL, OPT_SYSLOG },
	{ "log-level", required_argument, NULL, OPT_LOGLEVEL },
	{ "verbose", no_argument, NULL, 'V' },
	{ "entry-nb", required_argument, NULL, 'E' },
	{ "entry-size", required_argument, NULL, 'S' },
	{ "watch-nb", required_argument, NULL, 'W' },
	{ "transaction", required_argument, NULL, 't' },
	{ "perm-nb", required_argument, NULL, 'A' },
	{ "path-max", required_argument, NULL, 'M' },
	{ "quota", required_argument, NULL, 'Q' },
	{ "quota-soft", required_argument, NULL, 'q' },
	{ "timeout", required_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static int set_quota(struct daemon_opts *o, enum xsd_quota q, const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end || n <= 0) {
		fprintf(stderr, "xenstored-kvm: bad quota value '%s'\n", v);
		return -1;
	}
	o->cfg.quota[q] = n;
	return 0;
}

static int quota_opt(struct daemon_opts *o, const char *arg)
{
	char name[32];
	const char *eq = strchr(arg, '=');
	enum xsd_quota q;

	if (!eq || (size_t)(eq - arg) >= sizeof(name)) {
		fprintf(stderr, "xenstored-kvm: -Q wants WHAT=N\n");
		return -1;
	}
	memcpy(name, arg, eq - arg);
	name[eq - arg] = '\0';
	if (xsd_quota_parse(name, &q)) {
		fprintf(stderr, "xenstored-kvm: unknown quota '%s'\n", name);
		return -1;
	}
	return set_quota(o, q, eq + 1);
}

/* Xen's only soft quota is memory: it only logs. */
static int soft_quota_opt(struct daemon_opts *o, const char *arg)
{
	char *end;
	long n;

	if (strncmp(arg, "memory=", 7)) {
		fprintf(stderr, "xenstored-kvm: -q wants memory=N\n");
		return -1;
	}
	n = strtol(arg + 7, &end, 10);
	if (end == arg + 7 || *end || n <= 0) {
		fprintf(stderr, "xenstored-kvm: bad quota value '%s'\n", arg);
		return -1;
	}
	o->cfg.soft_memory = n;
	return 0;
}

static int timeout_opt(struct daemon_opts *o, const char *arg)
{
	char *end;
	long n;

	if (strncmp(arg, "watch-event=", 12)) {
		fprintf(stderr, "xenstored-kvm: -w wants watch-event=N\n");
		return -1;
	}
	n = strtol(arg + 12, &end, 10);
	if (end == arg + 12 || *end || n <= 0 || n > 86400) {
		fprintf(stderr, "xenstored-kvm: bad timeout '%s'\n", arg);
		return -1;
	}
	o->event_timeout = n;
	return 0;
}

/* Xen's options with no meaning on KVM: the start fails, saying why. */
static int refuse(const char *opt, const char *why)
{
	fprintf(stderr, "xenstored-kvm: %s is not supported: %s\n", opt, why);
	return -1;
}

static int internal_db_opt(const char *arg)
{
	if (!arg || !strcmp(arg, "on"))
		return 0;
	if (!strcmp(arg, "off"))
		return refuse("-I off (a database file)", "the store is kept "
			      "in memory and made durable by --state-dir");
	fprintf(stderr, "xenstored-kvm: -I wants on or off, not '%s'\n", arg);
	return -1;
}

static int parse(int argc, char **argv, struct daemon_opts *o)
{
	int c, err = 0;

	o->rundir = getenv("XENSTORED_RUNDIR");
	if (!o->rundir || !*o->rundir)
		o->rundir = "/var/run/xenstored";
	o->state_dir = "/var/lib/xenstored-kvm";
	o->cfg.log_level = XSD_LOG_INFO;
	o->event_timeout = 20;
	while (!err && (c = getopt_long(argc, argv, "NF:PT:RI::KDUVE:S:W:t:A:M:Q:q:w:hH",
					longopts, NULL)) != -1) {
		switch (c) {
		case 'N': o->no_fork = true; break;
		case 'F': o->pid_file = optarg; break;
		case 'P': o->output_pid = true; break;
		case 'T': o->trace_file = optarg; break;
		case 'R': o->cfg.no_recovery = true; break;
		case 'I':
			/* Xen's help spells it "--internal-db [on|off]" */
			if (!optarg && optind < argc &&
			    (!strcmp(argv[optind], "on") ||
			     !strcmp(argv[optind], "off")))
				optarg = argv[optind++];
			err = internal_db_opt(optarg);
			break;
		case 'K': o->cfg.keep_orphans = true; break;
		case 'D': break;	/* see usage() */
		case 'U':
			err = refuse("-U (--live-update)", "restart the daemon "
				     "instead: the store survives in "
				     "--state-dir");
			break;
		case OPT_MASTER:
		case OPT_PRIV:
			err = refuse(c == OPT_MASTER ? "--master-domid" :
				     "--priv-domid", "xenstored-kvm serves "
				     "dom0 only, there are no stub domains");
			break;
		case OPT_RUNDIR: o->rundir = optarg; break;
		case OPT_STATE: o->state_dir = optarg; break;
		case OPT_NOPERSIST: o->state_dir = NULL; break;
		case OPT_LOGFILE: o->log_file = optarg; break;
		case OPT_SYSLOG: o->syslog = true; break;
		case 'V': o->cfg.log_level = XSD_LOG_DEBUG; break;
		case OPT_LOGLEVEL:
			o->cfg.log_level = daemon_log_level(optarg);
			if (o->cfg.log_level < 0) {
				fprintf(stderr, "xenstored-kvm: bad log level\n");
				err = -1;
			}
			break;
		case 'E': err = set_quota(o, XSD_Q_NODES, optarg); break;
		case 'S': err = set_quota(o, XSD_Q_NODE_SIZE, optarg); break;
		case 'W': err = set_quota(o, XSD_Q_WATCHES, optarg); break;
		case 't': err = set_quota(o, XSD_Q_TRANSACTIONS, optarg); break;
		case 'A': err = set_quota(o, XSD_Q_PERMS, optarg); break;
		case 'M': err = set_quota(o, XSD_Q_PATH, optarg); break;
		case 'Q': err = quota_opt(o, optarg); break;
		case 'q': err = soft_quota_opt(o, optarg); break;
		case 'w': err = timeout_opt(o, optarg); break;
		case 'h':
		case 'H':
			usage(stdout);
			exit(0);
		case OPT_VERSION:
			printf("xenstored-kvm %s\n", PACKAGE_VERSION);
			exit(0);
		default:
			err = -1;
		}
	}
	if (!err && optind < argc) {
		fprintf(stderr, "xenstored-kvm: unexpected argument '%s'\n",
			argv[optind]);
		err = -1;
	}
	if (err)
		fprintf(stderr, "Try 'xenstored-kvm --help'.\n");
	return err;
}

/* Paths survive the daemon's chdir("/"). */
static const char *absolute(const char *path)
{
	char cwd[4096], *abs;

	if (!path || path[0] == '/' || !getcwd(cwd, sizeof(cwd)) ||
	    asprintf(&abs, "%s/%s", cwd, path) < 0)
		return path;
	return abs;
}

/*
 * The parent returns only when the child is serving, with its verdict,
 * and with -P prints the child's pid then.
 */
static int daemonize(int *ready_fd, bool output_pid)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			exit(1);
		if (output_pid)
			printf("%ld\n", (long)pid);
		exit(0);
	}
	close(p[0]);
	setsid();
	if (chdir("/"))
		return -1;
	if (!freopen("/dev/null", "r", stdin) ||
	    !freopen("/dev/null", "w", stdout))
		return -1;
	*ready_fd = p[1];
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon_opts o = { 0 };
	int ready_fd = -1;

	if (parse(argc, argv, &o))
		return 2;
	o.rundir = absolute(o.rundir);
	o.state_dir = absolute(o.state_dir);
	o.pid_file = absolute(o.pid_file);
	o.log_file = absolute(o.log_file);
	o.trace_file = absolute(o.trace_file);
	if (!o.no_fork && daemonize(&ready_fd, o.output_pid)) {
		perror("xenstored-kvm: daemonize");
		return 1;
	}
	return daemon_run(&o, ready_fd);
}
