/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_save.c: save, restore, migrate, migrate-receive.  save stops the guest, writes our save
 * file header with the domain's xl config (runtime/savefile.h), then has
 * QEMU append its migration stream (QMP migrate to file:PATH,offset=N);
 * restore reads the header, starts the domain through `xl create''s path
 * with QEMU loading the stream (-incoming file:PATH,offset=N) and waits
 * until the guest is back.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_create.h"
#include "xl_dom.h"
#include "logring.h"
#include "paths.h"
#include "savefile.h"
#include "chan_host.h"
#include "xs_guest.h"
#include "fdio.h"
#include "vif.h"
#include "xs_path.h"

/* QMP query-migrate until it ends: 0 completed, -1 after a message. */
static int wait_migration(struct xlrt_qmp *q)
{
	json_object *ret, *v;
	const char *st;
	int r = -1;

	for (;;) {
		if (xl_qmp_run(q, "query-migrate", NULL, &ret))
			return -1;
		st = json_object_object_get_ex(ret, "status", &v) ?
		     json_object_get_string(v) : "";
		if (!strcmp(st, "completed")) {
			r = 0;
		} else if (!strcmp(st, "failed") || !strcmp(st, "cancelled")) {
			fprintf(stderr, "xl: migration %s: %s\n", st,
				json_object_object_get_ex(ret, "error-desc", &v) ?
				json_object_get_string(v) : "(no reason given)");
		} else {
			json_object_put(ret);
			xl_sleep_ms(20);
			continue;
		}
		json_object_put(ret);
		return r;
	}
}

/* Is the guest running (QMP query-status)? -1 if QEMU cannot say. */
static int is_running(struct xlrt_qmp *q)
{
	json_object *ret, *v;
	int r;

	if (xl_qmp_run(q, "query-status", NULL, &ret))
		return -1;
	r = json_object_object_get_ex(ret, "running", &v) &&
	    json_object_get_boolean(v);
	json_object_put(ret);
	return r;
}

static int load_text(const char *source, const char *text,
		     struct xlm_domain *d, bool warn);

/* The RAM QEMU runs the guest with (QMP query-memory-size-summary), KiB;
 * 0 after a message. */
static uint64_t qemu_ram_kb(struct xlrt_qmp *q)
{
	json_object *ret, *v;
	uint64_t kb = 0;

	if (xl_qmp_run(q, "query-memory-size-summary", NULL, &ret))
		return 0;
	if (json_object_object_get_ex(ret, "base-memory", &v))
		kb = (uint64_t)json_object_get_int64(v) / 1024;
	json_object_put(ret);
	if (!kb)
		fprintf(stderr, "xl: QEMU did not say how much RAM the guest has\n");
	return kb;
}

/*
 * Whether the domain's vifs are its config's (runtime/vif.h's devids): the
 * restored device model is built from the config, so a vif added by
 * network-attach or one taken by network-detach would not come back as it
 * is (the guest would gain or lose a NIC, or QEMU refuse the stream).
 * 0, or -1 after a message.
 */
static int vifs_as_configured(struct xs_handle *xs, unsigned int domid,
			      const struct xlm_domain *d)
{
	unsigned int n = 0, i;
	char **ids = xlrt_xs_dom_dir(xs, XBT_NULL, domid, "device/vif", &n);
	int r = 0, id, k;

	for (i = 0; ids && i < n && !r; i++) {
		id = atoi(ids[i]);
		for (k = 0; k < d->num_nics; k++)
			if (xlrt_vif_devid(&d->nics[k], k) == id)
				break;
		if (k == d->num_nics) {
			fprintf(stderr, "xl: vif %d of domain %u was attached with network-attach; detach it before saving (the restored device model is built from the config)\n",
				id, domid);
			r = -1;
		}
	}
	if (!r && (int)n != d->num_nics) {
		fprintf(stderr, "xl: domain %u has %u of the %d vifs of its config (network-detach); the restored domain would have them all\n",
			domid, n, d->num_nics);
		r = -1;
	}
	free(ids);
	return r;
}

/*
 * What a save records besides QEMU's stream (savefile.h), into h: the
 * domain's config text plus what changed since it started and the device
 * model must match on restore (vCPUs plugged by vcpu-set, the balloon
 * target as memory=, maxmem= so the RAM stays the same: memlayout.h), as
 * Xen saves the current config; the libxl JSON; the memory layout, checked
 * against the RAM QEMU really has; the guest's own XenStore nodes.  Disks
 * from block-attach would not come back where they were, nor vifs from
 * network-attach or -detach: refused.
 * 0, or -1 after a message.
 */
static int save_header(unsigned int domid, struct xlrt_qmp *q, const char *cfg,
		       bool keep_uuid, struct xlrt_savehdr *h)
{
	json_object *ret, *e, *v, *json = NULL;
	struct xs_handle *xs;
	struct xlm_domain d;
	char *target = NULL, *vm = NULL, uuid[64] = "", mem[128], jpath[4096],
	     why[512];
	const char *node;
	size_t i, n = 0;
	uint64_t ram_kb;
	int r = -1;

	memset(h, 0, sizeof(*h));
	if (xl_qmp_run(q, "query-named-block-nodes", NULL, &ret))
		return -1;
	for (i = 0; i < json_object_array_length(ret); i++) {
		e = json_object_array_get_idx(ret, i);
		node = json_object_object_get_ex(e, "node-name", &v) ?
		       json_object_get_string(v) : "";
		if (!strncmp(node, "xl-", 3)) {
			fprintf(stderr, "xl: disk %s of domain %u was attached with block-attach; detach it before saving (the restored device model is built from the config)\n",
				node + 3, domid);
			json_object_put(ret);
			return -1;
		}
	}
	json_object_put(ret);
	if (xl_qmp_run(q, "query-cpus-fast", NULL, &ret))
		return -1;
	n = json_object_array_length(ret);
	json_object_put(ret);
	ram_kb = qemu_ram_kb(q);
	if (!ram_kb)
		return -1;
	/* the layout the guest runs with, from the config that made it */
	why[0] = '\0';
	if (load_text("the domain's config", cfg, &d, false) ||
	    xlm_domain_setdefault(&d) ||
	    xlrt_memlayout_of(&d, &h->mem, why, sizeof(why))) {
		fprintf(stderr, "xl: the config of domain %u does not give its memory layout%s%s\n",
			domid, *why ? ": " : "", why);
		xlm_domain_dispose(&d);
		return -1;
	}
	h->has_mem = true;
	if (h->mem.ram_kb != ram_kb) {
		fprintf(stderr, "xl: the config gives domain %u %llu MiB of RAM, but its QEMU has %llu MiB: save with the config it was created with\n",
			domid, (unsigned long long)h->mem.ram_kb / 1024,
			(unsigned long long)ram_kb / 1024);
		xlm_domain_dispose(&d);
		return -1;
	}
	xs = xl_xs();
	r = xs ? vifs_as_configured(xs, domid, &d) : -1;
	xlm_domain_dispose(&d);
	if (r) {
		if (xs)
			xs_close(xs);
		return -1;
	}
	r = -1;
	target = xlrt_xs_dom_read(xs, XBT_NULL, domid, "memory/target");
	vm = xlrt_xs_dom_read(xs, XBT_NULL, domid, "vm");
	if (xlrt_xs_guest_save(xs, domid, &h->guest_xs, &h->guest_xs_len))
		fprintf(stderr, "xl: cannot read the guest's XenStore nodes of domain %u\n",
			domid);
	else
		r = 0;
	xs_close(xs);
	/* a restore is the same domain (a migration's target coexists with
	 * its source for a while, so it gets its own) */
	if (keep_uuid && vm && !strncmp(vm, "/vm/", 4) && strlen(vm) == 40)
		snprintf(uuid, sizeof(uuid), "uuid = \"%s\"\n", vm + 4);
	if (!r && xlrt_memlayout_config(&h->mem, target ?
					strtoull(target, NULL, 10) :
					XLM_MEMKB_DEFAULT, mem, sizeof(mem)))
		r = -1;
	if (!r && asprintf(&h->cfg, "%s\n# xl save: the domain as it was saved\nvcpus = %zu\n%s%s",
			   cfg, n, mem, uuid) < 0) {
		h->cfg = NULL;
		r = -1;
	}
	free(target);
	free(vm);
	if (!r && !xlrt_domain_config_path(domid, jpath, sizeof(jpath)))
		json = json_object_from_file(jpath);
	if (!r)
		h->json = strdup(json ? json_object_to_json_string(json) : "{}");
	json_object_put(json);
	if (!r && (!h->cfg || !h->json))
		r = -1;
	if (r)
		xlrt_savehdr_free(h);
	return r;
}

/* Header and config to path, then QEMU's stream, then its length; the
 * guest is left paused. */
static int save_to(struct xlrt_qmp *q, const char *path,
		   const struct xlrt_savehdr *h)
{
	char uri[96];
	json_object *args;
	struct stat st;
	uint64_t off = 0;
	int64_t fdset = -1;
	int fd, r;

	/* The guest's memory: for its owner only (Xen's xl leaves 0644). */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "Failed to open temp file %s for writing: %m\n",
			path);
		return -1;
	}
	r = xlrt_savefile_write(fd, h, &off);
	if (r) {
		fprintf(stderr, "xl: cannot write %s: %s\n", path, strerror(-r));
		close(fd);
		return -1;
	}
	fprintf(stderr, "Saving to %s new xl format (info 0x%x/0x%x/%zu)\n",
		path, 0, 0, strlen(h->cfg));
	/* QEMU writes from the header's end through a copy of our fd: it
	 * may not reach the file itself (dm_confine.h). */
	if (xlrt_qmp_add_fd(q, fd, "xl-save", &fdset, 5000)) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		close(fd);
		return -1;
	}
	snprintf(uri, sizeof(uri), "file:/dev/fdset/%lld,offset=%llu",
		 (long long)fdset, (unsigned long long)off);
	args = json_object_new_object();
	json_object_object_add(args, "uri", json_object_new_string(uri));
	r = xl_qmp_run(q, "migrate", args, NULL);
	json_object_put(args);
	if (!r)
		r = wait_migration(q);
	xlrt_qmp_remove_fdsets(q, "xl-save");
	/* a restore checks the file holds exactly this stream */
	if (!r && (fstat(fd, &st) || (uint64_t)st.st_size <= off ||
		   xlrt_savefile_finish(fd, (uint64_t)st.st_size - off))) {
		fprintf(stderr, "xl: cannot finish %s: %m\n", path);
		r = -1;
	}
	if (close(fd) && !r) {
		fprintf(stderr, "xl: cannot write %s: %m\n", path);
		r = -1;
	}
	return r;
}

/* QEMU opens the file itself, from its own directory, and ',' separates
 * its URI options: an absolute path without commas, or -1 after a message. */
static int abs_path(const char *file, char *path, size_t len)
{
	char cwd[PATH_MAX];

	int n = -1;

	if (file[0] == '/')
		n = snprintf(path, len, "%s", file);
	else if (getcwd(cwd, sizeof(cwd)))
		n = snprintf(path, len, "%s/%s", cwd, file);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "xl: %s: path too long\n", file);
		return -1;
	}
	if (strchr(path, ',')) {
		fprintf(stderr, "xl: %s: a comma in the path cannot be passed to QEMU\n",
			path);
		return -1;
	}
	return 0;
}

int main_save(const struct xl_args *a)
{
	struct xlrt_savehdr h = { 0 };
	char path[PATH_MAX], *cfg = NULL, err[512];
	int checkpoint = !!a->opt['c'], leave_paused = !!a->opt['p'], running,
	    r, rc = EXIT_FAILURE;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;

	if (xl_domid(NULL, a->argv[0], 0, &domid))
		return EXIT_FAILURE;
	if (a->argc == 3)
		cfg = xl_config_text(a->argv[2], NULL);
	else if (xlrt_userdata_xl_read(domid, &cfg))
		fprintf(stderr, "xl: the xl config of domain %u is not recorded; give it: xl save %s %s <ConfigFile>\n",
			domid, a->argv[0], a->argv[1]);
	if (cfg && abs_path(a->argv[1], path, sizeof(path)))
		goto out;
	if (!cfg || xl_dom_qmp(domid, &q))
		goto out;
	/* stopped before its XenStore nodes are read, or what the guest
	 * writes until QEMU stops it would be lost */
	running = is_running(q);
	if (running < 0 || (running && xl_qmp_run(q, "stop", NULL, NULL)))
		goto out;
	r = save_header(domid, q, cfg, true, &h);
	if (!r && save_to(q, path, &h)) {
		unlink(path);	/* not restorable: never leave it to try */
		r = -1;
	}
	if (r) {
		if (running > 0)	/* as it was */
			xlrt_qmp_execute(q, "cont", NULL, NULL, 5000);
		goto out;
	}
	xlrt_log("domain %u saved to %s", domid, path);
	if (checkpoint || leave_paused) {
		if (checkpoint && !leave_paused && running &&
		    xl_qmp_run(q, "cont", NULL, NULL))
			goto out;
	} else {
		xlrt_qmp_close(q);
		q = NULL;
		if (xlrt_domain_destroy(domid, 10000, err, sizeof(err))) {
			fprintf(stderr, "xl: domain %u saved, but not destroyed: %s\n",
				domid, err);
			goto out;
		}
	}
	rc = EXIT_SUCCESS;
out:
	if (q)
		xlrt_qmp_close(q);
	free(cfg);
	xlrt_savehdr_free(&h);
	return rc;
}

/* The config text to a model, as xlm_load does for a file. */
static int load_text(const char *source, const char *text,
		     struct xlm_domain *d, bool warn)
{
	struct xlcfg *cfg = xlcfg_new(source, stderr);
	int r = -1;

	xlm_domain_init(d);
	if (cfg && !xlcfg_parse(cfg, text, strlen(text))) {
		if (warn)
			xlcfg_warn_keys(cfg);
		r = xlm_domain_from_config(cfg, &xl.conf.defaults, d);
	}
	xlcfg_free(cfg);
	return r;
}

/* Where QEMU's log of the domain logged as name ends now (what it prints
 * from here on is this start's). */
static long qemu_log_end(const char *name)
{
	char path[4096];
	struct stat st;

	return xlrt_path_qemu_log(path, sizeof(path), name) || stat(path, &st) ?
	       0 : (long)st.st_size;
}

/* QEMU's last error line after offset off of its log ("" if none): why a
 * load failed, in QEMU's words. */
static void qemu_said(const char *name, long off, char *buf, size_t len)
{
	char path[4096], line[1024];
	FILE *f;

	buf[0] = '\0';
	if (xlrt_path_qemu_log(path, sizeof(path), name) ||
	    !(f = fopen(path, "re")))
		return;
	if (!fseek(f, off, SEEK_SET))
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "qemu-system"))
				snprintf(buf, len, "%.*s",
					 (int)strcspn(line, "\n"), line);
	fclose(f);
}

/*
 * Until QEMU has loaded the stream, then resume it unless paused: 0, or
 * -1 after a message with QEMU's reason (log_name/log_off: its log since
 * the start); the domain is then gone, whatever state it was in.
 */
static int wait_loaded(const char *name, const char *log_name, long log_off,
		       int paused)
{
	json_object *ret, *v;
	struct xlrt_qmp *q;
	unsigned int domid;
	char err[1024];
	int loaded = 0, tries;

	for (tries = 0; tries < 6000 && !loaded; tries++) {
		if (xlrt_domain_lookup(NULL, name, &domid, NULL, 0) ||
		    xlrt_domain_qmp(domid, 2000, &q, err, sizeof(err)))
			break;
		if (!xlrt_qmp_execute(q, "query-status", NULL, &ret, 5000)) {
			loaded = json_object_object_get_ex(ret, "status", &v) &&
				 strcmp(json_object_get_string(v), "inmigrate");
			json_object_put(ret);
		}
		/* -S wins over the monitor's cont during the load */
		if (loaded && !paused && xl_qmp_run(q, "cont", NULL, NULL))
			loaded = 0, tries = 6000;
		xlrt_qmp_close(q);
		if (!loaded)
			xl_sleep_ms(20);
	}
	if (loaded)
		return 0;
	/* a QEMU that failed the load exits and its monitor tears down;
	 * one still loading is destroyed: nothing is left either way */
	if (!xlrt_domain_lookup(NULL, name, &domid, NULL, 0))
		xlrt_domain_destroy(domid, 10000, err, sizeof(err));
	qemu_said(log_name, log_off, err, sizeof(err));
	fprintf(stderr, "xl: domain %s did not load the saved state: %s\n",
		name, *err ? err : "(QEMU gave no reason; see its qemu-dm log)");
	return -1;
}

/* Restore the save file at path (absolute). */
static int restore_file(const char *path, const char *cfgfile,
			const struct xl_create_flags *opts)
{
	struct xl_create_flags fl = *opts;
	int paused = fl.paused;
	struct xlrt_savehdr h;
	struct xlm_domain d;
	char err[512], uri[PATH_MAX + 64], *text;
	int rc = EXIT_FAILURE, fd = open(path, O_RDONLY | O_CLOEXEC);
	long log_off;

	if (fd < 0) {
		fprintf(stderr, "xl: cannot open %s: %m\n", path);
		return EXIT_FAILURE;
	}
	rc = xlrt_savefile_read(fd, &h, err, sizeof(err));
	if (!rc)
		rc = xlrt_savefile_check_stream(fd, &h, err, sizeof(err));
	close(fd);
	if (rc) {
		if (h.cfg)
			xlrt_savehdr_free(&h);
		fprintf(stderr, "xl: %s: %s\n", path, err);
		return EXIT_FAILURE;
	}
	rc = EXIT_FAILURE;
	fprintf(stderr, "Loading new save file %s (new xl fmt info 0x%x/0x%x/%zu)\n",
		path, 0, 0, strlen(h.cfg));
	text = cfgfile ? xl_config_text(cfgfile, NULL) : h.cfg;
	if (!text)
		goto out;
	fprintf(stderr, "Parsing config from %s\n", cfgfile ? cfgfile : path);
	if (!load_text(cfgfile ? cfgfile : path, text, &d, true) && !xl_affinity_masks(&d)) {
		snprintf(uri, sizeof(uri), "file:%s,offset=%llu", path,
			 (unsigned long long)h.stream_off);
		fl.config_text = text;
		fl.incoming = uri;
		fl.quiet = 1;
		fl.saved_mem = h.has_mem ? &h.mem : NULL;
		fl.guest_xs = h.guest_xs;
		fl.guest_xs_len = h.guest_xs_len;
		log_off = qemu_log_end(d.c_info.name);
		rc = xl_create_run(&d, &fl);
		if (rc == EXIT_SUCCESS &&
		    wait_loaded(d.c_info.name, d.c_info.name, log_off, paused))
			rc = EXIT_FAILURE;
		if (rc == EXIT_SUCCESS)
			xlrt_log("domain %s restored from %s", d.c_info.name,
				 path);
	}
	xlm_domain_dispose(&d);
	if (cfgfile)
		free(text);
out:
	xlrt_savehdr_free(&h);
	return rc;
}

int main_restore(const struct xl_args *a)
{
	const char *cfgfile = a->argc == 2 ? a->argv[0] : NULL;
	char path[PATH_MAX];

	struct xl_create_flags fl = { .paused = !!a->opt['p'] };

	xl_create_opts(a, &fl);
	if (abs_path(a->argv[a->argc - 1], path, sizeof(path)))
		return EXIT_FAILURE;
	return restore_file(path, cfgfile, &fl);
}

/* ------------------------------------------------------------ migrate
 *
 * The channel (ssh's stdin/stdout, or one TCP connection with --direct)
 * carries: the save file header and config (savefile.h, padding included),
 * QEMU's stream in frames (u32 little-endian length, data; length 0 ends
 * it), then lines: the receiver says "ready" once its QEMU has loaded the
 * stream, the sender destroys the source and says "go", the receiver
 * takes the name (it ran as <name>--incoming, so both may live on one
 * host), resumes the guest and says "done".
 */



static int send_line(int fd, const char *line)
{
	return xlrt_write_full(fd, line, strlen(line));
}

/* One line (newline stripped) from an unbuffered fd; -1 at EOF. */
static int recv_line(int fd, char *buf, size_t len)
{
	size_t n = 0;
	char c;

	while (n + 1 < len) {
		if (xlrt_read_full(fd, &c, 1))
			return -1;
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return 0;
}

/* src until EOF as frames to out, then the end frame. */
static int send_frames(int src, int out)
{
	unsigned char hdr[4];
	char buf[65536];
	ssize_t n;

	for (;;) {
		n = read(src, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		hdr[0] = (unsigned char)n;
		hdr[1] = (unsigned char)(n >> 8);
		hdr[2] = (unsigned char)(n >> 16);
		hdr[3] = 0;
		if (xlrt_write_full(out, hdr, 4) || (n && xlrt_write_full(out, buf, (size_t)n)))
			return -1;
		if (!n)
			return 0;
	}
}

/* Frames from in to dst until the end frame. */
static int recv_frames(int in, int dst)
{
	unsigned char hdr[4];
	char buf[65536];
	size_t n;

	for (;;) {
		if (xlrt_read_full(in, hdr, 4))
			return -1;
		n = hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16 |
		    (size_t)hdr[3] << 24;
		if (!n)
			return 0;
		if (n > sizeof(buf) || xlrt_read_full(in, buf, n) ||
		    xlrt_write_full(dst, buf, n))
			return -1;
	}
}

static int unix_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || strlen(path) >= sizeof(sa.sun_path)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* "HOST:PORT" as a connected (or, with passive, listening) TCP socket. */
static int tcp_socket(const char *hostport, bool passive)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char host[256];
	const char *colon = strrchr(hostport, ':');
	int fd = -1, one = 1;

	if (!colon || (size_t)(colon - hostport) >= sizeof(host)) {
		fprintf(stderr, "xl: %s: expected HOST:PORT\n", hostport);
		return -1;
	}
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = '\0';
	if (passive)
		hints.ai_flags = AI_PASSIVE;
	if (getaddrinfo(*host ? host : NULL, colon + 1, &hints, &res)) {
		fprintf(stderr, "xl: cannot resolve %s\n", hostport);
		return -1;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (passive ? bind(fd, ai->ai_addr, ai->ai_addrlen) ||
			      listen(fd, 1) :
			      connect(fd, ai->ai_addr, ai->ai_addrlen)) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		fprintf(stderr, "xl: cannot %s %s: %m\n",
			passive ? "listen on" : "connect to", hostport);
	return fd;
}

/* `sh -c "<ssh> <host> xl migrate-receive"' with pipes; its pid. */
static pid_t spawn_ssh(const char *ssh, const char *host, bool paused,
			int *rfd, int *wfd)
{
	int in[2], out[2];
	char *cmd;
	pid_t pid;

	/* as xl: an empty command runs <host> itself as the receiver */
	if ((*ssh ? asprintf(&cmd, "exec %s %s xl migrate-receive%s", ssh,
			     host, paused ? " -p" : "") :
		    asprintf(&cmd, "exec %s", host)) < 0)
		return -1;
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		free(cmd);
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	free(cmd);
	close(in[0]);
	close(out[1]);
	*wfd = in[1];
	*rfd = out[0];
	return pid;
}

/* The source side once the channel is open. */
/*
 * After the memory: the guest's XenStore nodes once more, read now that
 * QEMU has stopped it, since it went on writing while its memory was
 * sent ("guest-xs LEN\n", then the xs_guest.h blob).
 */
static int send_guest_nodes(unsigned int domid, int wfd)
{
	struct xs_handle *xs = xl_xs();
	char line[64], *blob = NULL;
	size_t len = 0;
	int r;

	r = xs ? xlrt_xs_guest_save(xs, domid, &blob, &len) : -1;
	if (xs)
		xs_close(xs);
	if (r) {
		fprintf(stderr, "xl: cannot read the guest's XenStore nodes of domain %u\n", domid);
		return -1;
	}
	snprintf(line, sizeof(line), "guest-xs %zu\n", len);
	r = send_line(wfd, line) || (len && xlrt_write_full(wfd, blob, len)) ? -1 : 0;
	free(blob);
	return r;
}

/* The sender's "guest-xs LEN" and its blob, at most 16 MiB (xenstored's
 * quotas keep a guest's nodes far below that). */
static int recv_guest_nodes(int rfd, char **blob, size_t *len)
{
	char line[64], *end;
	unsigned long long n;

	*blob = NULL;
	*len = 0;
	if (recv_line(rfd, line, sizeof(line)) || strncmp(line, "guest-xs ", 9))
		return -1;
	n = strtoull(line + 9, &end, 10);
	if (*end || n > 16u << 20)
		return -1;
	if (!n)
		return 0;
	*blob = malloc(n);
	if (!*blob || xlrt_read_full(rfd, *blob, n)) {
		free(*blob);
		*blob = NULL;
		return -1;
	}
	*len = n;
	return 0;
}

static int migrate_send(unsigned int domid, struct xlrt_qmp *q, int rfd,
			int wfd)
{
	char line[256], err[512], *text = NULL;
	struct xlrt_savehdr h;
	json_object *args;
	uint64_t off;
	int sv[2], running = is_running(q), r;

	if (xlrt_userdata_xl_read(domid, &text)) {
		fprintf(stderr, "xl: the xl config of domain %u is not recorded; it cannot be migrated\n",
			domid);
		return -1;
	}
	r = save_header(domid, q, text, false, &h);
	free(text);
	if (r)
		return -1;
	/* QEMU's end of the stream is handed over: it may not reach a
	 * socket path (dm_confine.h) */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		fprintf(stderr, "xl: socketpair: %m\n");
		xlrt_savehdr_free(&h);
		return -1;
	}
	r = xlrt_savefile_write(wfd, &h, &off);
	xlrt_savehdr_free(&h);
	if (!r && xlrt_qmp_getfd(q, "xl-migrate", sv[0], 5000)) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		r = -1;
	}
	close(sv[0]);
	args = json_object_new_object();
	json_object_object_add(args, "uri",
			       json_object_new_string("fd:xl-migrate"));
	if (!r)
		r = xl_qmp_run(q, "migrate", args, NULL);
	json_object_put(args);
	r = r || send_frames(sv[1], wfd) ? -1 : 0;
	close(sv[1]);
	if (!r)
		r = wait_migration(q);
	if (!r)
		r = send_guest_nodes(domid, wfd);
	if (!r && (recv_line(rfd, line, sizeof(line)) || strcmp(line, "ready"))) {
		fprintf(stderr, "migration sender: the target did not start the domain\n");
		r = -1;
	}
	if (r) {
		xlrt_qmp_execute(q, "migrate_cancel", NULL, NULL, 5000);
		if (running > 0)
			xlrt_qmp_execute(q, "cont", NULL, NULL, 5000);
		fprintf(stderr, "Migration failed, resuming at sender.\n");
		return -1;
	}
	fprintf(stderr, "migration sender: Target has acknowledged transfer.\n");
	if (xlrt_domain_destroy(domid, 10000, err, sizeof(err)))
		fprintf(stderr, "xl: the source domain %u was not destroyed: %s\n",
			domid, err);
	if (send_line(wfd, "go\n") || recv_line(rfd, line, sizeof(line)) ||
	    strcmp(line, "done")) {
		fprintf(stderr, "migration sender: the target did not report a successful startup\n");
		return -1;
	}
	fprintf(stderr, "migration sender: Target reports successful startup.\nMigration successful.\n");
	return 0;
}

int main_migrate(const struct xl_args *a)
{
	const char *ssh = a->opt['s'] ? a->opt['s'] : "ssh",
		   *direct = a->opt['D'], *host = a->argv[1];
	struct xlrt_qmp *q = NULL;
	unsigned int domid;
	int rfd = -1, wfd = -1, rc = EXIT_FAILURE, st;
	pid_t pid = -1;

	/* -F (force with passthrough devices): nothing stops a migration
	 * here that it would force */
	if (a->opt['e'])
		fprintf(stderr, "xl migrate -e: ignored: the domain's monitor "
			"on the target always runs (it owns QEMU)\n");
	if (a->opt['g'])
		fprintf(stderr, "xl migrate --debug: ignored: the stream has "
			"no debug mode here\n");
	if (a->opt['p'] && direct)
		fprintf(stderr, "xl migrate -p: ignored with --direct: the "
			"receiver's own -p decides\n");
	if (a->opt['C']) {
		fprintf(stderr, "xl: migrate -C: the domain's recorded config is sent\n");
		return EXIT_FAILURE;
	}
	if (xl_domid(NULL, a->argv[0], 0, &domid) || xl_dom_qmp(domid, &q))
		return EXIT_FAILURE;
	signal(SIGPIPE, SIG_IGN);
	if (direct) {
		rfd = wfd = tcp_socket(direct, false);
	} else {
		pid = spawn_ssh(ssh, host, a->opt['p'] != NULL, &rfd, &wfd);
		if (pid < 0)
			fprintf(stderr, "xl: cannot run %s: %m\n", ssh);
	}
	if (rfd >= 0 && !migrate_send(domid, q, rfd, wfd)) {
		rc = EXIT_SUCCESS;
		xlrt_log("domain %u migrated to %s", domid,
			 direct ? direct : host);
	}
	xlrt_qmp_close(q);
	if (rfd >= 0)
		close(rfd);
	if (wfd >= 0 && wfd != rfd)
		close(wfd);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return rc;
}

/* The target side: the stream from rfd, lines to wfd. */
static int migrate_receive(int rfd, int wfd, int paused)
{
	struct xl_create_flags fl = { .quiet = 1, .paused = 1, .migrating = 1 };
	char err[512], sock[4096], uri[4200], line[64], *name = NULL,
	     *last_xs = NULL;
	struct xlrt_savehdr h;
	size_t last_xs_len = 0;
	struct xlm_domain d;
	struct xlrt_qmp *q;
	unsigned int domid;
	int qfd = -1, r = -1, tries;
	long log_off;

	if (xlrt_savefile_read(rfd, &h, err, sizeof(err))) {
		fprintf(stderr, "migration target: %s\n", err);
		return -1;
	}
	if (load_text("incoming migration stream", h.cfg, &d, true) || xl_affinity_masks(&d))
		goto out_d;
	name = d.c_info.name;
	if (asprintf(&d.c_info.name, "%s--incoming", name) < 0 ||
	    xlrt_path_migrate_in(sock, sizeof(sock), (int)getpid()))
		goto out_d;
	snprintf(uri, sizeof(uri), "unix:%s", sock);
	fl.config_text = h.cfg;
	fl.incoming = uri;
	fl.saved_mem = h.has_mem ? &h.mem : NULL;
	fl.guest_xs = h.guest_xs;
	fl.guest_xs_len = h.guest_xs_len;
	log_off = qemu_log_end(name);
	if (xl_create_run(&d, &fl))
		goto out_d;
	fprintf(stderr, "migration target: Ready to receive domain.\n");
	for (tries = 0; tries < 500 && qfd < 0; tries++) {
		qfd = unix_connect(sock);
		if (qfd < 0)
			xl_sleep_ms(10);
	}
	r = qfd < 0 || recv_frames(rfd, qfd) ? -1 : 0;
	if (qfd >= 0)
		close(qfd);
	unlink(sock);
	if (!r && recv_guest_nodes(rfd, &last_xs, &last_xs_len)) {
		fprintf(stderr, "migration target: the guest's XenStore nodes did not follow its memory\n");
		r = -1;
	}
	if (!r)
		r = wait_loaded(d.c_info.name, name, log_off, 1);
	/* what the guest wrote while its memory was sent, before it runs */
	if (!r && !xlrt_domain_lookup(NULL, d.c_info.name, &domid, NULL, 0)) {
		struct xs_handle *xs = xl_xs();

		r = !xs || xlrt_xs_guest_update(xs, domid, h.guest_xs, h.guest_xs_len,
						last_xs, last_xs_len, err, sizeof(err));
		if (r)
			fprintf(stderr, "migration target: %s\n",
				xs ? err : "cannot reach XenStore");
		if (xs)
			xs_close(xs);
	}
	if (!r)
		r = send_line(wfd, "ready\n");
	if (!r && (recv_line(rfd, line, sizeof(line)) || strcmp(line, "go")))
		r = -1;
	if (xlrt_domain_lookup(NULL, d.c_info.name, &domid, NULL, 0)) {
		fprintf(stderr, "migration target: the domain is gone\n");
		r = -1;
	} else if (r) {
		fprintf(stderr, "migration target: the transfer failed; domain %u destroyed\n",
			domid);
		xlrt_domain_destroy(domid, 10000, err, sizeof(err));
	} else {
		struct xs_handle *xs = xl_xs();

		/* the source is gone: its channels' paths are free (a
		 * channel that cannot move is no reason to lose the guest) */
		if (xlrt_chan_host_takeover(domid, &d, err, sizeof(err)))
			fprintf(stderr, "migration target: warning: %s\n", err);
		r = !xs || xl_dom_rename(xs, domid, d.c_info.name, name);
		if (xs)
			xs_close(xs);
		if (!r && !paused && !xl_dom_qmp(domid, &q)) {
			r = xl_qmp_run(q, "cont", NULL, NULL);
			xlrt_qmp_close(q);
		}
		if (!r)
			r = send_line(wfd, "done\n");
		if (!r)
			xlrt_log("domain %s (%u) received by migration", name,
				 domid);
	}
out_d:
	free(name);
	free(last_xs);
	xlm_domain_dispose(&d);
	xlrt_savehdr_free(&h);
	return r;
}

int main_migrate_receive(const struct xl_args *a)
{
	const char *listen_on = a->opt['L'];
	int paused = !!a->opt['p'], fd, lfd, r;

	signal(SIGPIPE, SIG_IGN);
	if (!listen_on)
		return migrate_receive(0, 1, paused) ? EXIT_FAILURE : EXIT_SUCCESS;
	lfd = tcp_socket(listen_on, true);
	if (lfd < 0)
		return EXIT_FAILURE;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	close(lfd);
	if (fd < 0) {
		fprintf(stderr, "xl: accept on %s: %m\n", listen_on);
		return EXIT_FAILURE;
	}
	r = migrate_receive(fd, fd, paused);
	close(fd);
	return r ? EXIT_FAILURE : EXIT_SUCCESS;
}
