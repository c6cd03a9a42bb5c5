/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The per-domain monitor process (monitor.h): QEMU start, relays, QMP
 * events, on_* actions, teardown.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/vm_sockets.h>

#include <event2/event.h>
#include <xenstore.h>

#include "chan_host.h"
#include "console.h"
#include "scope.h"
#include "serial.h"
#include "dm_argv.h"
#include "domain.h"
#include "fdio.h"
#include "guest_link.h"
#include "link.h"
#include "logring.h"
#include "dm_confine.h"
#include "monitor.h"
#include "net.h"
#include "paths.h"
#include "qemu_proc.h"
#include "relay.h"
#include "vcpu.h"
#include "vif_fw.h"
#include "xs_layout.h"
#include "xs_path.h"

/* One transport of the guest link: its relay, or the retry that brings it
 * back.  The agent uses one of them; each is relayed as the other. */
enum { LINK_SERIAL, LINK_VSOCK, LINK_NUM };
struct mon_link {
	struct mon *m;
	int kind;
	struct link_relay *relay;
	struct event *retry;	/* after a failure or a drop */
	unsigned int retry_ms;	/* its delay: see link_later() */
	struct event *connecting;	/* vsock: a connect in progress */
};

struct mon {
	struct xlm_domain *d;
	unsigned int domid;
	const struct xlrt_create_opts *o;
	struct event_base *base;
	struct xlrt_qemu *qp;
	struct xs_handle *xs;
	struct event *qmp_ev, *pid_ev, *sigs[2];
	struct xs_handle *fw_xs;	/* watches the domain's firewall */
	struct event *fw_ev;
	struct xlrt_console *con;	/* the PV console's relay */
	struct xlrt_console **serials;	/* each pty serial port's, or NULL */
	int num_serials;
	struct mon_link link[LINK_NUM];
	uint32_t vsock_cid;	/* the guest's, or 0: no vsock transport */
	struct chanrelay **chans;	/* backend=<domain> channels */
	struct xlrt_domstate st;
	char xs_sock[4096];
	bool acting;		/* a shutdown action has been decided */
	enum xlm_action pending;
	const char *pending_why;
	int incarnation;
	unsigned long balloon_mib;	/* dm's target once QMP is up */
	char log_name[256];	/* the name in our, QEMU's and the console's logs */
};

static void report(int fd, const char *kind, const char *msg)
{
	char line[2048];
	int n = snprintf(line, sizeof(line), "%s%s%s\n", kind, *msg ? " " : "",
			 msg);

	if (fd >= 0 && write(fd, line, (size_t)(n < (int)sizeof(line) ? n :
						 (int)sizeof(line) - 1)) < 0)
		xlrt_mlog("cannot report to xl: %s", strerror(errno));
}

/* ps shows `xl-monitor: <name>': rewrite our argv area in place. */
static void set_title(const char *name)
{
	char buf[1024], *p, title[16];
	unsigned long start = 0, end = 0;
	int fd, i;
	ssize_t n;

	snprintf(title, sizeof(title), "xlmon:%s", name);
	prctl(PR_SET_NAME, title);
	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* fields 48 and 49 are arg_start and arg_end; p + 2 is field 3 */
	for (p = p ? p + 2 : NULL, i = 3; p && i < 48; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || sscanf(p, "%lu %lu", &start, &end) != 2 || end <= start)
		return;
	memset((void *)start, 0, end - start);
	snprintf((char *)start, end - start, "xl-monitor: %s", name);
}

static void set_state(struct mon *m, enum xlrt_runstate s, const char *why)
{
	m->st.state = s;
	if (why)
		snprintf(m->st.shutdown_reason, sizeof(m->st.shutdown_reason),
			 "%s", why);
	if (xlrt_domstate_write(m->domid, &m->st))
		xlrt_mlog("cannot write the state file of domain %u", m->domid);
}

/*
 * Our XenStore connection, opened again if xenstored restarted since we
 * opened it (the domain's nodes survive in its journal; the old socket is
 * dead).  NULL while xenstored is down.
 */
static struct xs_handle *mon_xs(struct mon *m)
{
	char err[256], *v;

	v = m->xs ? xlrt_xs_dom_read(m->xs, XBT_NULL, m->domid, "domid") : NULL;
	if (v) {
		free(v);
		return m->xs;
	}
	if (m->xs)
		xs_close(m->xs);
	m->xs = xlrt_xs_open(err, sizeof(err));
	if (!m->xs)
		xlrt_mlog("domain %u: %s", m->domid, err);
	return m->xs;
}

static void links_free(struct mon *m);
static void consoles_free(struct mon *m);

/* Close the relays, stop QEMU, remove every trace of the domain. */
static void fw_watch_stop(struct mon *m)
{
	if (m->fw_ev)
		event_free(m->fw_ev);
	m->fw_ev = NULL;
	if (m->fw_xs)
		xs_close(m->fw_xs);
	m->fw_xs = NULL;
}

static void teardown(struct mon *m)
{
	int i;

	if (m->domid)
		set_state(m, XLRT_RUN_DYING, NULL);
	links_free(m);
	xlrt_chan_relays_free(m->chans);
	m->chans = NULL;
	consoles_free(m);
	fw_watch_stop(m);
	if (m->qmp_ev)
		event_free(m->qmp_ev);
	if (m->pid_ev)
		event_free(m->pid_ev);
	m->qmp_ev = m->pid_ev = NULL;
	if (m->qp) {
		int st = xlrt_qemu_stop(m->qp, 1000);

		xlrt_mlog("QEMU of domain %u stopped (wait status 0x%x)", m->domid, st);
		xlrt_chan_host_remove(m->domid, m->d);
	}
	m->qp = NULL;
	for (i = 0; i < 2; i++)
		if (m->sigs[i])
			event_free(m->sigs[i]);
	m->sigs[0] = m->sigs[1] = NULL;
	if (m->base)
		event_base_free(m->base);
	m->base = NULL;
	xlrt_domain_cleanup(mon_xs(m), m->domid);
	xlrt_mlog("domain %u (%s) cleaned up", m->domid, m->d->c_info.name);
}

static void __attribute__((noreturn)) destroy_exit(struct mon *m, int code)
{
	teardown(m);
	if (m->xs)
		xs_close(m->xs);
	exit(code);
}

/* The domain's key rel, reconnecting first; NULL while xenstored is down. */
static char *xs_dom_read(struct mon *m, const char *rel)
{
	return mon_xs(m) ? xlrt_xs_dom_read(m->xs, XBT_NULL, m->domid, rel) :
			   NULL;
}

static void coredump(struct mon *m)
{
	char path[4096], dir[4096];
	int r = xlrt_path_dump(path, sizeof(path), m->d->c_info.name);

	if (r) {
		xlrt_mlog("no dump path: %s", strerror(-r));
		return;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	xlrt_mkdir_p(dirname(dir));
	r = xlrt_qmp_dump_core(m->qp->qmp, path, 120000);
	if (r)
		xlrt_mlog("core dump of domain %u failed: %s", m->domid,
		          xlrt_qmp_strerror(m->qp->qmp));
	else
		xlrt_mlog("core of domain %u dumped to %s", m->domid, path);
}

/* A new domain from the same config; this monitor's job ends. */
static void __attribute__((noreturn)) restart(struct mon *m)
{
	struct xlrt_create_opts o = *m->o;
	char err[1024];
	char *name = xs_dom_read(m, "name");
	unsigned int domid;
	pid_t pid;
	int r;

	if (name) {		/* xl rename is honoured */
		free(m->d->c_info.name);
		m->d->c_info.name = name;
	}
	teardown(m);
	o.paused = false;
	o.incoming = NULL;	/* a restored guest reboots afresh */
	o.migrating = false;
	r = xlrt_domain_create(m->d, &o, &domid, &pid, err, sizeof(err));
	if (r)
		xlrt_mlog("restart of %s failed: %s", m->d->c_info.name, err);
	else
		xlrt_mlog("%s restarted as domain %u (monitor %d)",
		          m->d->c_info.name, domid, (int)pid);
	if (m->xs)
		xs_close(m->xs);
	exit(r ? 1 : 0);
}

/* rename-restart: keep this one as <name>--incarnation-<n>, start anew. */
static void rename_restart(struct mon *m)
{
	struct xlrt_create_opts o;
	char path[128], newname[256], err[1024], *vm, *name;
	unsigned int domid;
	pid_t pid;
	int r;

	name = xs_dom_read(m, "name");
	if (name) {
		free(m->d->c_info.name);
		m->d->c_info.name = name;
	}
	snprintf(newname, sizeof(newname), "%s--incarnation-%d",
		 m->d->c_info.name, ++m->incarnation);
	if (m->xs)	/* NULL: xenstored is down (xs_dom_read said) */
		xlrt_xs_name_set(m->xs, XBT_NULL, m->domid, newname);
	vm = xs_dom_read(m, "vm");
	if (vm) {
		snprintf(path, sizeof(path), "%s/name", vm);
		xs_write(m->xs, XBT_NULL, path, newname, strlen(newname));
		free(vm);
	}
	set_state(m, XLRT_RUN_SHUTDOWN, NULL);
	memset(m->d->c_info.uuid, 0, sizeof(m->d->c_info.uuid));
	o = *m->o;
	o.paused = false;
	o.incoming = NULL;	/* the new one boots afresh */
	o.migrating = false;
	r = xlrt_domain_create(m->d, &o, &domid, &pid, err, sizeof(err));
	if (r)
		xlrt_mlog("rename-restart of %s failed: %s", m->d->c_info.name, err);
	else
		xlrt_mlog("%s kept as %s; restarted as domain %u", m->d->c_info.name,
		          newname, domid);
}

static void perform(struct mon *m)
{
	enum xlm_action a = m->pending;
	bool crash = !strcmp(m->pending_why, "crash");

	xlrt_mlog("domain %u: %s, action %s", m->domid, m->pending_why,
	          xlm_enum_name(xlm_action_names, 1, (int)a));
	switch (a) {
	case XLM_ACT_COREDUMP_DESTROY:
		coredump(m);
		/* fall through */
	case XLM_ACT_DESTROY:
		destroy_exit(m, 0);
	case XLM_ACT_COREDUMP_RESTART:
		coredump(m);
		/* fall through */
	case XLM_ACT_RESTART:
	case XLM_ACT_SOFT_RESET:
		restart(m);
	case XLM_ACT_RESTART_RENAME:
		rename_restart(m);
		break;
	case XLM_ACT_PRESERVE:
	default:
		set_state(m, crash ? XLRT_RUN_CRASHED : XLRT_RUN_SHUTDOWN,
			  m->pending_why);
		break;
	}
}

static void decide(struct mon *m, enum xlm_action a, const char *why)
{
	if (m->acting)
		return;
	m->acting = true;
	m->pending = a ? a : XLM_ACT_DESTROY;
	m->pending_why = why;
	snprintf(m->st.shutdown_reason, sizeof(m->st.shutdown_reason), "%s",
		 why);
}

static void on_event(struct mon *m, const struct xlrt_qmp_event *ev)
{
	const char *reason = "";
	json_object *v;

	if (ev->data && json_object_object_get_ex(ev->data, "reason", &v))
		reason = json_object_get_string(v);
	xlrt_mlog("QMP event %s %s", ev->name, reason);
	if (!strcmp(ev->name, "STOP")) {
		if (!m->acting)
			set_state(m, XLRT_RUN_PAUSED, NULL);
	} else if (!strcmp(ev->name, "RESUME")) {
		if (!m->acting)
			set_state(m, XLRT_RUN_RUNNING, NULL);
	} else if (!strcmp(ev->name, "SHUTDOWN")) {
		if (!strcmp(reason, "guest-shutdown"))
			decide(m, m->d->on_poweroff, "poweroff");
		else if (!strcmp(reason, "guest-reset") ||
			 !strcmp(reason, "host-qmp-system-reset") ||
			 !strcmp(reason, "subsystem-reset"))
			decide(m, m->d->on_reboot, "reboot");
		else if (!strcmp(reason, "guest-panic"))
			decide(m, m->d->on_crash, "crash");
		else
			decide(m, XLM_ACT_DESTROY, "destroy");
	} else if (!strcmp(ev->name, "GUEST_PANICKED")) {
		decide(m, m->d->on_crash, "crash");
	} else if (!strcmp(ev->name, "WATCHDOG")) {
		decide(m, m->d->on_watchdog, "watchdog");
	}
}

static void qmp_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mon *m = arg;
	struct xlrt_qmp_event *ev;
	bool was = m->acting;
	int r;

	(void)fd;
	(void)what;
	r = xlrt_qmp_read_input(m->qp->qmp);
	while ((ev = xlrt_qmp_next_event(m->qp->qmp))) {
		on_event(m, ev);
		xlrt_qmp_event_free(ev);
	}
	if (r == -ECONNRESET || r == -EPROTO)
		event_del(m->qmp_ev);	/* QEMU's exit comes on the pidfd */
	if (!was && m->acting)
		perform(m);
}

static void pid_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mon *m = arg;
	char out[512];

	(void)fd;
	(void)what;
	xlrt_qemu_output(m->qp, out, sizeof(out));
	if (!m->acting || m->pending == XLM_ACT_PRESERVE)
		xlrt_mlog("QEMU of domain %u exited: %s", m->domid, out);
	destroy_exit(m, 0);
}

static void sig_cb(evutil_socket_t sig, short what, void *arg)
{
	struct mon *m = arg;

	(void)what;
	xlrt_mlog("signal %d: destroying domain %u", (int)sig, m->domid);
	destroy_exit(m, 0);
}

static const char *const link_names[LINK_NUM] = { "virtio-serial", "vsock" };

/* Both transports: a stream connects to this domain's socket, whatever the
 * guest says. */
static const char *relay_xs_path(void *opaque)
{
	return ((struct mon_link *)opaque)->m->xs_sock;
}

#define LINK_RETRY_MS		200
#define LINK_RETRY_MAX_MS	2000

/*
 * 200 ms, but a vsock connect that keeps failing backs off to 2 s: the
 * agent may use the serial port for the domain's whole life, and then each
 * attempt is a refused connect for nothing.
 */
static void link_later(struct mon_link *l)
{
	struct timeval tv = { 0, (suseconds_t)l->retry_ms * 1000 };

	evtimer_add(l->retry, &tv);
	if (l->kind == LINK_VSOCK && l->retry_ms < LINK_RETRY_MAX_MS)
		l->retry_ms = l->retry_ms * 2 < LINK_RETRY_MAX_MS ?
			      l->retry_ms * 2 : LINK_RETRY_MAX_MS;
}

static void relay_down(void *opaque, int err)
{
	struct mon_link *l = opaque;

	xlrt_mlog("guest link of domain %u over %s down (%s); reconnecting",
	          l->m->domid, link_names[l->kind],
	          err ? strerror(-err) : "end of file");
	link_relay_free(l->relay);
	l->relay = NULL;
	l->retry_ms = LINK_RETRY_MS;
	link_later(l);
}

static void link_relay_start(struct mon_link *l, int fd)
{
	static const struct link_relay_ops ops = { relay_xs_path, relay_down };

	l->relay = link_relay_new(l->m->base, fd, &ops, l);
	if (l->relay)
		xlrt_mlog("guest link of domain %u over %s connected", l->m->domid,
		          link_names[l->kind]);
	else
		link_later(l);
}

/* The vsock connect finished: relay it, or try again (no agent yet). */
static void vsock_connected(evutil_socket_t fd, short what, void *arg)
{
	struct mon_link *l = arg;
	int e = 0;
	socklen_t len = sizeof(e);

	(void)what;
	event_free(l->connecting);
	l->connecting = NULL;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0 || e) {
		close(fd);
		link_later(l);
		return;
	}
	link_relay_start(l, fd);
}

/*
 * Non-blocking: while the guest has no vsock driver yet, a connect waits
 * for its timeout, and the monitor must not.
 */
static int vsock_connect(struct mon_link *l)
{
	struct sockaddr_vm sa = { .svm_family = AF_VSOCK,
				  .svm_cid = l->m->vsock_cid,
				  .svm_port = LINK_VSOCK_PORT };
	int fd = socket(AF_VSOCK, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);

	if (fd < 0)
		return -1;
	if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		link_relay_start(l, fd);
		return 0;
	}
	if (errno == EINPROGRESS) {
		l->connecting = event_new(l->m->base, fd, EV_WRITE,
					  vsock_connected, l);
		if (l->connecting && !event_add(l->connecting, NULL))
			return 0;
		if (l->connecting)
			event_free(l->connecting);
		l->connecting = NULL;
	}
	close(fd);
	return -1;
}

static int serial_connect(struct mon_link *l)
{
	char path[4096];
	int fd;

	if (xlrt_path_link(path, sizeof(path), l->m->domid))
		return -1;
	fd = xlrt_unix_connect(path, 0);
	if (fd < 0)
		return -1;
	link_relay_start(l, fd);
	return 0;
}

static int link_try(struct mon_link *l)
{
	int r = l->kind == LINK_VSOCK ? vsock_connect(l) : serial_connect(l);
	int e = errno;

	if (r)
		link_later(l);
	errno = e;	/* for the caller's message */
	return r;
}

static void link_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	link_try(arg);
}

/* The serial port now, and vsock if the domain has it; both retry. */
static int links_start(struct mon *m)
{
	int k;

	for (k = 0; k < (m->vsock_cid ? LINK_NUM : 1); k++) {
		struct mon_link *l = &m->link[k];

		l->m = m;
		l->kind = k;
		l->retry_ms = LINK_RETRY_MS;
		l->retry = evtimer_new(m->base, link_retry_cb, l);
		if (!l->retry)
			return -1;
		/* QEMU listens already: the serial port is there at once */
		if (link_try(l) && k == LINK_SERIAL)
			xlrt_mlog("guest link of domain %u not connected yet: %s",
			          m->domid, strerror(errno));
	}
	return 0;
}

static void links_free(struct mon *m)
{
	int k;

	for (k = 0; k < LINK_NUM; k++) {
		struct mon_link *l = &m->link[k];

		if (l->relay)
			link_relay_free(l->relay);
		if (l->connecting) {
			close(event_get_fd(l->connecting));
			event_free(l->connecting);
		}
		if (l->retry)
			event_free(l->retry);
		memset(l, 0, sizeof(*l));
	}
}

/* $XENSTORED_PATH's dir, else $XENSTORED_RUNDIR, else /var/run/xenstored */
static void xs_domain_socket(struct mon *m)
{
	const char *p = getenv("XENSTORED_PATH"), *rd = getenv("XENSTORED_RUNDIR");
	char dir[4096];

	if (p && *p) {
		snprintf(dir, sizeof(dir), "%s", p);
		snprintf(m->xs_sock, sizeof(m->xs_sock), "%s/domain/%u",
			 dirname(dir), m->domid);
	} else {
		snprintf(m->xs_sock, sizeof(m->xs_sock), "%s/domain/%u",
			 rd && *rd ? rd : "/var/run/xenstored", m->domid);
	}
}

/* Where our stdout/stderr go: LOG_DIR/xl-<name>.log. */
static void open_log(const char *name)
{
	char path[4096], dir[4096];
	int fd = open("/dev/null", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (xlrt_path_log_dir(dir, sizeof(dir)) || xlrt_mkdir_p(dir) ||
	    xlrt_path_xl_log(path, sizeof(path), name))
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
}

static int write_files(const struct xlrt_dm *dm, char *err, size_t len)
{
	size_t i;
	int fd;

	for (i = 0; i < dm->num_files; i++) {
		fd = open(dm->files[i].path, O_WRONLY | O_CREAT | O_TRUNC |
			  O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, dm->files[i].data,
				    strlen(dm->files[i].data)) < 0) {
			snprintf(err, len, "cannot write %.700s: %s",
				 dm->files[i].path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

/* A console relay (console.h) from QEMU's socket at path, serving xl at
 * xl, logging to log (its directory made; "": no log). */
static struct xlrt_console *relay(struct mon *m, const char *path,
				  const char *xl, char *log, char *err,
				  size_t len)
{
	struct xlrt_console *con;
	char dir[4096];
	int fd = xlrt_unix_connect(path, 0);

	if (fd < 0) {
		snprintf(err, len, "cannot connect to QEMU's console %.700s: %s",
			 path, strerror(errno));
		return NULL;
	}
	if (*log) {
		snprintf(dir, sizeof(dir), "%s", log);
		xlrt_mkdir_p(dirname(dir));
	}
	con = xlrt_console_new(m->base, fd, xl, *log ? log : NULL);
	if (!con)
		snprintf(err, len, "cannot serve the console on %.700s: %s", xl,
			 strerror(errno));
	return con;
}

/* The relays of the PV console and of each pty serial port (serial.h). */
static int consoles_start(struct mon *m, char *err, size_t len)
{
	char path[4096], xl[4096], log[4096];
	int i, n = xlrt_serial_count(m->d);

	if (xlrt_path_console(path, sizeof(path), m->domid, 0) ||
	    xlrt_path_console_xl(xl, sizeof(xl), m->domid, 0)) {
		snprintf(err, len, "console path too long");
		return -1;
	}
	if (xlrt_path_console_log(log, sizeof(log), m->log_name))
		log[0] = '\0';
	m->con = relay(m, path, xl, log, err, len);
	if (!m->con)
		return -1;
	m->serials = n ? calloc((size_t)n, sizeof(*m->serials)) : NULL;
	if (n && !m->serials) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	m->num_serials = n;
	for (i = 0; i < n; i++) {
		if (!xlrt_serial_relayed(m->d, i))
			continue;
		if (xlrt_path_serial(path, sizeof(path), m->domid, (unsigned)i) ||
		    xlrt_path_serial_xl(xl, sizeof(xl), m->domid, (unsigned)i)) {
			snprintf(err, len, "serial console path too long");
			return -1;
		}
		if (xlrt_path_serial_log(log, sizeof(log), m->log_name,
					 (unsigned)i))
			log[0] = '\0';
		m->serials[i] = relay(m, path, xl, log, err, len);
		if (!m->serials[i])
			return -1;
	}
	return 0;
}

static void consoles_free(struct mon *m)
{
	int i;

	xlrt_console_free(m->con);
	m->con = NULL;
	for (i = 0; i < m->num_serials; i++)
		xlrt_console_free(m->serials[i]);
	free(m->serials);
	m->serials = NULL;
	m->num_serials = 0;
}

/* Any change under the firewall's directory: drain the events, then set
 * the rules once. */
static void fw_cb(evutil_socket_t fd, short what, void *arg)
{
	struct mon *m = arg;
	char **ev;
	bool changed = false;

	while ((ev = xs_check_watch(m->fw_xs))) {
		free(ev);
		changed = true;
	}
	if (changed)
		xlrt_net_fw_refresh(m->xs, m->domid);
}

/* The domain's firewall follows its nodes (vif_fw.h) while it runs, for
 * the vifs it boots with and those attached later, on a handle of its own
 * so that watch events never wait behind requests.  The watch fires once
 * when set, which applies what changed since the vifs came up. */
static int fw_watch_start(struct mon *m, char *err, size_t len)
{
	char path[256];

	xlrt_xs_dom_path(path, sizeof(path), m->domid, "%s", XLRT_FW_DIR);
	m->fw_xs = xlrt_xs_open(err, len);
	if (!m->fw_xs)
		return -1;
	if (!xs_watch(m->fw_xs, path, "fw")) {
		snprintf(err, len, "cannot watch %s: %s", path, strerror(errno));
		return -1;
	}
	m->fw_ev = event_new(m->base, xs_fileno(m->fw_xs), EV_READ | EV_PERSIST,
			     fw_cb, m);
	if (!m->fw_ev || event_add(m->fw_ev, NULL)) {
		snprintf(err, len, "cannot watch the firewall's nodes");
		return -1;
	}
	return 0;
}

/* QEMU up and paused: consoles, link, devices, then resume. */
static int attach(struct mon *m, char *err, size_t len)
{
	int r;

	if (consoles_start(m, err, len))
		return -1;
	if (xlrt_vcpu_pin_config(m->qp->qmp, &m->d->b_info, err, len))
		return -1;
	/* the taps exist now: firewall them and run their scripts */
	if (xlrt_net_up(m->xs, m->domid, m->d, err, len) ||
	    fw_watch_start(m, err, len))
		return -1;
	xlrt_xs_devices_connected(m->xs, m->domid);
	/* channels: socket modes, pty names, relays to other domains */
	if (xlrt_chan_host_setup(m->qp->qmp, m->xs, m->domid, m->d,
				 m->o->migrating, err, len) ||
	    xlrt_chan_relays_start(m->base, m->domid, m->d, &m->chans, err,
				   len))
		return -1;
	if (m->balloon_mib) {
		json_object *a = json_object_new_object();

		json_object_object_add(a, "value", json_object_new_int64(
			(int64_t)m->balloon_mib << 20));
		if (xlrt_qmp_execute(m->qp->qmp, "balloon", a, NULL, 5000))
			xlrt_mlog("balloon to %lu MiB: %s", m->balloon_mib,
			          xlrt_qmp_strerror(m->qp->qmp));
		json_object_put(a);
	}
	if (!m->o->paused) {
		r = xlrt_qmp_execute(m->qp->qmp, "cont", NULL, NULL, 5000);
		if (r) {
			snprintf(err, len, "cannot start the guest's CPUs: %s",
				 xlrt_qmp_strerror(m->qp->qmp));
			return -1;
		}
		set_state(m, XLRT_RUN_RUNNING, NULL);
	}
	if (links_start(m)) {
		snprintf(err, len, "cannot watch the guest link");
		return -1;
	}
	return 0;
}

static int start_qemu(struct mon *m, int ready_fd, char *err, size_t len)
{
	struct xlrt_dm_env env = { .accel = m->o->accel, .domid = m->domid,
				   .qemu = m->o->qemu,
				   .migrating = m->o->migrating };
	struct xlrt_qemu_opts qo = { 0 };
	struct xlrt_dm_confine cf;
	char qmp[4096], cmd[4200], qlog[4096], dir[4096];
	struct xlrt_dm dm;
	size_t i;
	int r;

	r = xlrt_dm_confine_plan(m->d->b_info.device_model_user,
				 m->o->dm_restrict, m->domid, &cf, err, len);
	if (!r)
		r = xlrt_dm_confine_prepare(&cf, err, len);
	if (!r)
		r = xlrt_guest_link_vsock_cid(m->o->guest_link,
					      m->o->vsock_cid_base, m->domid,
					      &m->vsock_cid, err, len);
	if (r)
		return r;
	xlrt_mlog("domain %u: QEMU runs as %s%s", m->domid, cf.who,
		  cf.restricted ? ", chrooted, sandboxed" : "");
	if (m->vsock_cid)
		xlrt_mlog("domain %u: guest link over virtio-serial and vsock "
		          "(guest CID %u)", m->domid, (unsigned int)m->vsock_cid);
	env.vsock_cid = m->vsock_cid;
	env.fd_images = cf.restricted;
	r = xlrt_dm_build(m->d, &env, &dm, err, len);
	if (r)
		return r;
	for (i = 0; i < dm.warnings.n; i++)
		report(ready_fd, "W", dm.warnings.v[i]);
	if (write_files(&dm, err, len)) {
		xlrt_dm_free(&dm);
		return -EIO;
	}
	xlrt_path_qmp(qmp, sizeof(qmp), m->domid);
	xlrt_path_qmp_cmd(dir, sizeof(dir), m->domid);
	snprintf(cmd, sizeof(cmd), "unix:%s,server=on,wait=off", dir);
	/* paused until the relays hold the console; a second QMP for xl */
	if (xlrt_argv_add(&dm.args, "-S") || xlrt_argv_add(&dm.args, "-qmp") ||
	    xlrt_argv_add(&dm.args, cmd) ||
	    (m->o->incoming && (xlrt_argv_add(&dm.args, "-incoming") ||
				xlrt_argv_add(&dm.args, m->o->incoming)))) {
		xlrt_dm_free(&dm);
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	qlog[0] = '\0';
	if (!xlrt_path_log_dir(dir, sizeof(dir)) && !xlrt_mkdir_p(dir))
		xlrt_path_qemu_log(qlog, sizeof(qlog), m->log_name);
	m->balloon_mib = dm.balloon_target_mib;
	qo.qemu = dm.qemu;
	qo.args = (const char *const *)dm.args.v;
	qo.qmp_path = qmp;
	qo.user = cf.drop ? cf.user : NULL;
	qo.chroot_dir = cf.restricted ? cf.root : NULL;
	qo.images = dm.images;
	qo.num_images = dm.num_images;
	qo.log_path = *qlog ? qlog : NULL;
	qo.timeout_ms = m->o->timeout_ms;
	r = xlrt_qemu_start(&qo, &m->qp, err, len);
	xlrt_dm_free(&dm);
	if (r)
		return r;
	m->st.qemu_pid = m->qp->pid;
	set_state(m, XLRT_RUN_PAUSED, NULL);
	return 0;
}

/*
 * xl destroy (SIGTERM) or the creator's SIGINT while we start: both are
 * held pending until the guest could run; the create then fails and
 * nothing is left.
 */
static bool stop_asked(char *err, size_t len)
{
	sigset_t p;

	if (sigpending(&p) || (!sigismember(&p, SIGTERM) &&
			       !sigismember(&p, SIGINT)))
		return false;
	snprintf(err, len, "destroyed while being created");
	return true;
}

/*
 * Logs follow the domain's name: an incoming migration runs as
 * <name>--incoming until it takes the name, and its logs go on <name>'s.
 */
static void set_log_name(struct mon *m)
{
	static const char sfx[] = "--incoming";
	const char *name = m->d->c_info.name;
	size_t n = strlen(name);

	if (m->o->incoming && n > sizeof(sfx) - 1 &&
	    !strcmp(name + n - (sizeof(sfx) - 1), sfx))
		n -= sizeof(sfx) - 1;
	snprintf(m->log_name, sizeof(m->log_name), "%.*s", (int)n, name);
}

void xlrt_monitor_main(struct xlm_domain *d, unsigned int domid,
		       const struct xlrt_create_opts *o, int ready_fd)
{
	static struct mon mon;
	struct mon *m = &mon;
	char err[1024] = "", pidpath[4096];
	sigset_t unblock;
	FILE *f;

	memset(m, 0, sizeof(*m));	/* a restart forks from a monitor */
	setsid();
	m->d = d;
	m->o = o;
	set_log_name(m);
	open_log(m->log_name);
	set_title(d->c_info.name);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	m->domid = domid;
	m->st.monitor_pid = getpid();
	m->st.start_time = (int64_t)time(NULL);
	set_state(m, XLRT_RUN_STARTING, NULL);
	xs_domain_socket(m);
	if (!xlrt_path_monitor_pid(pidpath, sizeof(pidpath), domid) &&
	    (f = fopen(pidpath, "we"))) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	xlrt_mlog("domain %u (%s): starting QEMU (accel %s)", domid, d->c_info.name,
	          xlrt_accel_name(o->accel));
	/* before QEMU starts, so that it is in the scope too */
	if (xlrt_scope_enter(domid, getpid(), err, sizeof(err))) {
		xlrt_mlog("domain %u: %s; it stays in its creator's cgroup, "
			  "which a logout or the host's shutdown may stop "
			  "before xendomains saves it", domid, err);
		err[0] = '\0';
	}
	xlrt_net_reconcile();	/* what killed monitors left */
	m->xs = xlrt_xs_open(err, sizeof(err));
	if (!m->xs || stop_asked(err, sizeof(err)) ||
	    start_qemu(m, ready_fd, err, sizeof(err)))
		goto fail;
	m->base = event_base_new();
	if (!m->base) {
		snprintf(err, sizeof(err), "cannot create an event loop");
		goto fail;
	}
	m->sigs[0] = evsignal_new(m->base, SIGTERM, sig_cb, m);
	m->sigs[1] = evsignal_new(m->base, SIGINT, sig_cb, m);
	event_add(m->sigs[0], NULL);
	event_add(m->sigs[1], NULL);
	m->qmp_ev = event_new(m->base, xlrt_qmp_fd(m->qp->qmp),
			      EV_READ | EV_PERSIST, qmp_cb, m);
	m->pid_ev = event_new(m->base, xlrt_qemu_pidfd(m->qp), EV_READ,
			      pid_cb, m);
	if (!m->qmp_ev || !m->pid_ev || event_add(m->qmp_ev, NULL) ||
	    event_add(m->pid_ev, NULL)) {
		snprintf(err, sizeof(err), "cannot watch QEMU");
		goto fail;
	}
	if (attach(m, err, sizeof(err)) || stop_asked(err, sizeof(err)))
		goto fail;
	sigemptyset(&unblock);
	sigaddset(&unblock, SIGTERM);
	sigaddset(&unblock, SIGINT);
	sigprocmask(SIG_UNBLOCK, &unblock, NULL);
	xlrt_mlog("domain %u (%s) running, QEMU pid %d", domid, d->c_info.name,
	          (int)m->qp->pid);
	report(ready_fd, "OK", "");
	close(ready_fd);
	event_base_dispatch(m->base);
	xlrt_mlog("event loop ended");
	destroy_exit(m, 1);
fail:
	xlrt_mlog("domain %u (%s) failed to start: %s", domid, d->c_info.name, err);
	teardown(m);
	report(ready_fd, "ERR", err);
	exit(1);
}
