/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xlrt_domain_create (create.h): everything up to a running monitor, and
 * the wait for its report.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xenstore.h>

#include "create.h"
#include "fdio.h"
#include "savefile.h"
#include "domain.h"
#include "domid.h"
#include "host.h"
#include "liveness.h"
#include "logring.h"
#include "monitor.h"
#include "paths.h"
#include "pci.h"
#include "usb.h"
#include "xs_guest.h"
#include "xs_layout.h"
#include "xs_path.h"

static bool uuid_null(const uint8_t u[16])
{
	int i;

	for (i = 0; i < 16; i++)
		if (u[i])
			return false;
	return true;
}

/* libxl's userdata file: the domain config as JSON. */
static int save_config(unsigned int domid, const struct xlm_domain *d)
{
	char lib[4096], path[4096], tmp[4200], uuid[37];
	json_object *o;
	FILE *f;
	int r;

	xlrt_uuid_fmt(d->c_info.uuid, uuid);
	r = xlrt_path_lib_dir(lib, sizeof(lib));
	if (!r)
		r = xlrt_mkdir_p(lib);
	if (!r)
		r = xlrt_path_userdata(path, sizeof(path), domid, uuid,
				       "libxl-json");
	if (r)
		return r;
	f = xlrt_replace_open(path, 0644, tmp, sizeof(tmp));
	if (!f)
		return -errno;
	o = xlm_domain_json(d);
	xlm_json_print(f, o);
	json_object_put(o);
	return xlrt_replace_commit(f, tmp, path);
}

/*
 * Read the monitor's report: "P <pid>" (from the middle process, there
 * before anything else is read: pipe data is handled before a signal),
 * "W <warning>" lines are printed, then "OK" or "ERR <why>".  1 for OK,
 * 0 for ERR (err filled), -1 for end of file without a report, -2 for a
 * signal (sig set).
 */
static int wait_report(int fd, int sfd, int *sig, pid_t *mon, char *err,
		       size_t errlen)
{
	char buf[2048];
	size_t len = 0;
	struct pollfd p[2] = { { fd, POLLIN, 0 }, { sfd, POLLIN, 0 } };
	struct signalfd_siginfo si;
	char *nl;
	ssize_t n;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP))) {
			if (read(sfd, &si, sizeof(si)) == sizeof(si))
				*sig = (int)si.ssi_signo;
			return -2;
		}
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = strchr(buf, '\n'))) {
			*nl = '\0';
			if (!strncmp(buf, "P ", 2)) {
				*mon = (pid_t)atoi(buf + 2);
			} else if (!strncmp(buf, "W ", 2)) {
				fprintf(stderr, "%s\n", buf + 2);
			} else if (!strcmp(buf, "OK")) {
				return 1;
			} else {
				snprintf(err, errlen, "%.1000s",
					 strncmp(buf, "ERR ", 4) ? buf : buf + 4);
				return 0;
			}
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len + 1);
		}
		if (len == sizeof(buf) - 1)
			len = 0;	/* an overlong line: drop it */
	}
}

/* Once the monitor has ended (its end of the report pipe is closed), the
 * domain dir still there is cleaned. */
static void reap(int fd, unsigned int domid, struct xs_handle *xs)
{
	char dir[4096], buf[512];
	struct stat st;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		;
	if (!xlrt_path_dom_dir(dir, sizeof(dir), domid) && !stat(dir, &st))
		xlrt_domain_cleanup(xs, domid);
}

/*
 * The name is held by domain other: if only by what a dead domain left
 * (liveness.h), remove that, say so, and let the create go on (true).
 */
static bool take_dead_name(struct xs_handle *xs, const char *name,
			   unsigned int other)
{
	struct xlrt_domstate st;

	if (xlrt_domain_liveness(xs, other, &st) != XLRT_LIVE_DEAD)
		return false;
	fprintf(stderr, "xl: domain %s (domid %u) is dead (its monitor and QEMU are gone): "
		"removing what it left\n", name, other);
	xlrt_log("domain %s (domid %u): dead, its leftovers removed by a create of its name",
		 name, other);
	return xlrt_domain_cleanup(xs, other) == 0;
}

/*
 * As Xen's xl: an fcntl lock on xl.conf's lockfile held while a domain is
 * created (restored, received), so that a host's own tools can keep
 * creates out by taking it too.  Our creates need it not among themselves
 * (the domid and name claims are atomic).  The locked fd, or -errno.
 */
static int create_lock(const char *path, char *err, size_t errlen)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char def[4096], dir[4096], *slash;
	int fd, r;

	if (!path) {
		r = xlrt_path_lock_file(def, sizeof(def));
		if (r) {
			snprintf(err, errlen, "the lockfile's path is too long");
			return r;
		}
		path = def;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		xlrt_mkdir_p(dir);	/* open says why if this failed */
	}
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0200);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot open the lockfile %s: %s", path, strerror(-r));
		return r;
	}
	while (fcntl(fd, F_SETLKW, &fl) < 0) {
		if (errno == EINTR)
			continue;
		r = -errno;
		snprintf(err, errlen, "cannot take the lock on %s: %s", path, strerror(-r));
		close(fd);
		return r;
	}
	return fd;
}

int xlrt_domain_create(struct xlm_domain *d, const struct xlrt_create_opts *o,
		       unsigned int *domid, pid_t *monitor, char *err,
		       size_t errlen)
{
	struct xlrt_memlayout mem;
	uint64_t avail_kb;
	sigset_t block, old;
	struct xs_handle *xs;
	char tty[4096], why[1024] = "";
	unsigned int id, other;
	int p[2] = { -1, -1 }, sfd = -1, sig = 0, lock, r;
	pid_t pid, mon = -1;

	/* before signals are blocked: a wait for the lock can be interrupted */
	lock = create_lock(o->lockfile, err, errlen);
	if (lock < 0)
		return lock;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	r = xlrt_memlayout_of(d, &mem, err, errlen);
	if (!r && o->saved_mem)
		r = xlrt_memlayout_check(o->saved_mem, &mem, err, errlen);
	if (r)
		goto out_mask;
	xs = xlrt_xs_open(err, errlen);
	if (!xs) {
		r = -ECONNREFUSED;
		goto out_mask;
	}
	if (uuid_null(d->c_info.uuid)) {
		if (getrandom(d->c_info.uuid, 16, 0) != 16) {
			r = -errno;
			snprintf(err, errlen, "cannot generate a uuid: %s",
				 strerror(errno));
			goto out_xs;
		}
		d->c_info.uuid[6] = (uint8_t)((d->c_info.uuid[6] & 0x0f) | 0x40);
		d->c_info.uuid[8] = (uint8_t)((d->c_info.uuid[8] & 0x3f) | 0x80);
	}
	if (!xlrt_domain_lookup(xs, d->c_info.name, &other, NULL, 0) &&
	    !take_dead_name(xs, d->c_info.name, other)) {
		snprintf(err, errlen, "Domain with name \"%s\" already exists (domid %u).",
			 d->c_info.name, other);
		r = -EEXIST;
		goto out_xs;
	}
	/*
	 * As libxl's "failed to free memory for the domain", before anything
	 * exists: a domain the host has no memory for now.  Memory that other
	 * domains were promised and have not touched is not counted (xl
	 * info's free_memory counts it by reading every domain, which would
	 * make each create cost more the more domains run); a host that must
	 * never overcommit sets vm.overcommit_memory=2, and then QEMU's
	 * mapping of guest RAM fails and its error is what xl prints.
	 */
	avail_kb = xlrt_meminfo_kb("MemAvailable");
	if (mem.target_kb + mem.video_kb > avail_kb) {
		snprintf(err, errlen, "not enough memory: the domain needs %llu MiB, "
			 "the host has %llu MiB available (MemAvailable)",
			 (unsigned long long)((mem.target_kb + mem.video_kb + 1023) / 1024),
			 (unsigned long long)(avail_kb / 1024));
		r = -ENOMEM;
		goto out_xs;
	}
	/* host devices ready before anything of the domain exists */
	r = xlrt_pci_prepare(xs, &d->pcidevs, &d->num_pcidevs, err, errlen);
	if (!r)
		r = xlrt_usb_prepare(d, err, errlen);
	if (r)
		goto out_xs;
	r = xlrt_domid_alloc(xs, o->domid_random, &id);
	if (r == XLRT_DOMID_EXHAUSTED) {
		r = -ENOSPC;
		snprintf(err, errlen, "cannot allocate a domain id: all %u domain ids (1..%u) are in use",
			 XLRT_DOMID_FIRST_RESERVED - 1, XLRT_DOMID_FIRST_RESERVED - 1);
		goto out_xs;
	} else if (r) {
		snprintf(err, errlen, "cannot allocate a domain id: %s",
			 strerror(-r));
		goto out_xs;
	}
	/* what a domain of this id left before a reboot is no longer its */
	xlrt_domain_userdata_remove(id);
	r = xlrt_path_console_xl(tty, sizeof(tty), id, 0);
	if (!r)
		r = xlrt_xs_layout_write(xs, id, d, tty, err, errlen);
	else
		snprintf(err, errlen, "%s", strerror(-r));
	if (r) {
		xlrt_dom_dir_remove(id);
		goto out_xs;
	}
	if (o->guest_xs_len) {
		r = xlrt_xs_guest_restore(xs, id, o->guest_xs, o->guest_xs_len,
					  err, errlen);
		if (r)
			goto fail;
	}
	r = save_config(id, d);
	if (!r && o->config_text) {
		char uuid[37];

		xlrt_uuid_fmt(d->c_info.uuid, uuid);
		r = xlrt_userdata_xl_store(id, uuid, o->config_text);
	}
	if (r) {
		snprintf(err, errlen, "cannot save the domain config: %s",
			 strerror(-r));
		goto fail;
	}
	sfd = signalfd(-1, &block, SFD_CLOEXEC);
	if (sfd < 0 || pipe2(p, O_CLOEXEC) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s", strerror(errno));
		goto fail;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot fork the monitor: %s",
			 strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		/* double fork: the monitor is never our child, so its exit
		 * leaves no zombie under a creator that lives on (xl create
		 * -F or -c, a monitor that restarted the domain) */
		close(p[0]);
		close(sfd);
		close(lock);
		xs_close(xs);
		pid = fork();
		if (pid > 0) {
			dprintf(p[1], "P %d\n", (int)pid);
			_exit(0);
		}
		if (pid < 0) {
			dprintf(p[1], "ERR cannot fork the monitor: %s\n",
				strerror(errno));
			_exit(1);
		}
		xlrt_monitor_main(d, id, o, p[1]);
	}
	close(p[1]);
	p[1] = -1;
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	r = wait_report(p[0], sfd, &sig, &mon, why, sizeof(why));
	if (r == 1) {
		*domid = id;
		*monitor = mon;
		r = 0;
		goto out;
	}
	if (r == -2) {
		/* the monitor destroys the domain and exits */
		if (mon > 0)
			kill(mon, SIGTERM);
		reap(p[0], id, xs);
		snprintf(err, errlen, "interrupted by signal %d (%s): domain %u destroyed",
			 sig, strsignal(sig), id);
		r = -EINTR;
	} else if (r == 0) {
		reap(p[0], id, xs);
		snprintf(err, errlen, "%s", why);
		r = -EIO;
	} else {
		reap(p[0], id, xs);
		snprintf(err, errlen, "the monitor of domain %u died before QEMU ran (see its log)",
			 id);
		r = -EIO;
	}
	goto out;
fail:
	xlrt_domain_cleanup(xs, id);
out:
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	if (sfd >= 0)
		close(sfd);
out_xs:
	xs_close(xs);
out_mask:
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(lock);
	return r;
}
