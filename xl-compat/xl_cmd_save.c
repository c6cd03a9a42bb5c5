/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_save.c: save and restore.  save stops the guest, writes our save
 * file header with the domain's xl config (runtime/savefile.h), then has
 * QEMU append its migration stream (QMP migrate to file:PATH,offset=N);
 * restore reads the header, starts the domain through `xl create''s path
 * with QEMU loading the stream (-incoming file:PATH,offset=N) and waits
 * until the guest is back.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "logring.h"
#include "savefile.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

char *xl_config_text(const char *file, const char *extra)
{
	char *data, *all;
	size_t len;
	int e = xlcfg_read_file(file, &data, &len);

	if (e) {
		fprintf(stderr, "%s: error: cannot read the config file: %s\n",
			file, strerror(e));
		return NULL;
	}
	if (!extra || !*extra)
		return data;
	/* as xl create parses it: "\n<extra>\n" appended */
	all = realloc(data, len + strlen(extra) + 3);
	if (!all) {
		free(data);
		return NULL;
	}
	sprintf(all + len, "\n%s\n", extra);
	return all;
}

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
			sleep_ms(20);
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

/*
 * The config to embed: the domain's text plus what changed since it
 * started and the device model must match on restore (vCPUs plugged by
 * vcpu-set, the balloon target), as Xen saves the current config.  Disks
 * from block-attach would not come back where they were: refused.
 */
static char *current_config(unsigned int domid, struct xlrt_qmp *q,
			    const char *cfg)
{
	json_object *ret, *e, *v;
	struct xs_handle *xs;
	char *target = NULL, *out = NULL;
	const char *node;
	size_t i, n = 0;

	if (xl_qmp_run(q, "query-named-block-nodes", NULL, &ret))
		return NULL;
	for (i = 0; i < json_object_array_length(ret); i++) {
		e = json_object_array_get_idx(ret, i);
		node = json_object_object_get_ex(e, "node-name", &v) ?
		       json_object_get_string(v) : "";
		if (!strncmp(node, "xl-", 3)) {
			fprintf(stderr, "xl: disk %s of domain %u was attached with block-attach; detach it before saving (the restored device model is built from the config)\n",
				node + 3, domid);
			json_object_put(ret);
			return NULL;
		}
	}
	json_object_put(ret);
	if (xl_qmp_run(q, "query-cpus-fast", NULL, &ret))
		return NULL;
	n = json_object_array_length(ret);
	json_object_put(ret);
	xs = xl_xs();
	if (xs) {
		target = xl_xs_dom_read(xs, domid, "memory/target");
		xs_close(xs);
	}
	if (asprintf(&out, "%s\n# xl save: the domain as it was saved\nvcpus = %zu\n%s%llu\n",
		     cfg, n, target ? "memory = " : "# memory: unknown ",
		     target ? strtoull(target, NULL, 10) / 1024 : 0ULL) < 0)
		out = NULL;
	free(target);
	return out;
}

/* Header and config to path, then QEMU's stream; the guest is left paused. */
static int save_to(unsigned int domid, struct xlrt_qmp *q, const char *path,
		   const char *cfg)
{
	char uri[PATH_MAX + 64], jpath[4096];
	json_object *args, *json = NULL;
	uint64_t off = 0;
	int fd, r;

	if (!xlrt_domain_config_path(domid, jpath, sizeof(jpath)))
		json = json_object_from_file(jpath);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "Failed to open temp file %s for writing: %m\n",
			path);
		json_object_put(json);
		return -1;
	}
	r = xlrt_savefile_write(fd, cfg, json ? json_object_to_json_string(json) :
				"{}", &off);
	json_object_put(json);
	if (close(fd) || r) {
		fprintf(stderr, "xl: cannot write %s: %s\n", path,
			strerror(r ? -r : errno));
		return -1;
	}
	fprintf(stderr, "Saving to %s new xl format (info 0x%x/0x%x/%zu)\n",
		path, 0, 0, strlen(cfg));
	if (xl_qmp_run(q, "stop", NULL, NULL))
		return -1;
	snprintf(uri, sizeof(uri), "file:%s,offset=%llu", path,
		 (unsigned long long)off);
	args = json_object_new_object();
	json_object_object_add(args, "uri", json_object_new_string(uri));
	r = xl_qmp_run(q, "migrate", args, NULL);
	json_object_put(args);
	return r ? r : wait_migration(q);
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

static int cmd_save(int argc, char **argv)
{
	char path[PATH_MAX], *cfg = NULL, *now, err[512];
	int opt, checkpoint = 0, leave_paused = 0, running, rc = EXIT_FAILURE;
	struct xlrt_qmp *q = NULL;
	unsigned int domid;

	while ((opt = getopt(argc, argv, "cph")) >= 0) {
		if (opt == 'c') {
			checkpoint = 1;
		} else if (opt == 'p') {
			leave_paused = 1;
		} else {
			xl_usage(xl_cmd_find("save"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}
	}
	if (argc - optind < 2 || argc - optind > 3) {
		xl_usage(xl_cmd_find("save"));
		return 2;
	}
	if (xl_live_domid(NULL, argv[optind], &domid))
		return EXIT_FAILURE;
	if (argc - optind == 3)
		cfg = xl_config_text(argv[optind + 2], NULL);
	else if (xlrt_userdata_xl_read(domid, &cfg))
		fprintf(stderr, "xl: the xl config of domain %u is not recorded; give it: xl save %s %s <ConfigFile>\n",
			domid, argv[optind], argv[optind + 1]);
	if (cfg && abs_path(argv[optind + 1], path, sizeof(path)))
		goto out;
	if (!cfg || xl_dom_qmp(domid, &q))
		goto out;
	now = current_config(domid, q, cfg);
	free(cfg);
	cfg = now;
	if (!cfg)
		goto out;
	running = is_running(q);
	if (running < 0 || save_to(domid, q, path, cfg)) {
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
	return rc;
}

/* The config text to a model, as xlm_load does for a file. */
static int load_text(const char *source, const char *text,
		     struct xlm_domain *d)
{
	struct xlcfg *cfg = xlcfg_new(source, stderr);
	int r = -1;

	xlm_domain_init(d);
	if (cfg && !xlcfg_parse(cfg, text, strlen(text))) {
		xlcfg_warn_keys(cfg);
		r = xlm_domain_from_config(cfg, &xl.conf.defaults, d);
	}
	xlcfg_free(cfg);
	return r;
}

/* Until QEMU has loaded the stream, then resume it unless paused: 0, or
 * -1 if it failed (QEMU gone). */
static int wait_loaded(const char *name, int paused)
{
	json_object *ret, *v;
	struct xlrt_qmp *q;
	unsigned int domid;
	char err[512];
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
			sleep_ms(20);
	}
	if (!loaded)
		fprintf(stderr, "xl: domain %s did not load the saved state (see its qemu-dm log)\n",
			name);
	return loaded ? 0 : -1;
}

/* Restore the save file at path (absolute). */
static int restore_file(const char *path, const char *cfgfile, int paused)
{
	struct xl_create_flags fl = { .paused = paused };
	struct xlrt_savehdr h;
	struct xlm_domain d;
	char err[512], uri[PATH_MAX + 64], *text;
	int rc = EXIT_FAILURE, fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "xl: cannot open %s: %m\n", path);
		return EXIT_FAILURE;
	}
	rc = xlrt_savefile_read(fd, &h, err, sizeof(err));
	close(fd);
	if (rc) {
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
	if (!load_text(cfgfile ? cfgfile : path, text, &d)) {
		snprintf(uri, sizeof(uri), "file:%s,offset=%llu", path,
			 (unsigned long long)h.stream_off);
		fl.config_text = text;
		fl.incoming = uri;
		fl.quiet = 1;
		rc = xl_create_run(&d, &fl);
		if (rc == EXIT_SUCCESS && wait_loaded(d.c_info.name, paused))
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

static int cmd_restore(int argc, char **argv)
{
	const char *cfgfile = NULL;
	char path[PATH_MAX];
	int opt, paused = 0;

	while ((opt = getopt(argc, argv, "pedVAh")) >= 0) {
		if (opt == 'p') {
			paused = 1;
		} else if (opt == 'h' || opt == '?') {
			xl_usage(xl_cmd_find("restore"));
			return opt == 'h' ? EXIT_SUCCESS : 2;
		}	/* -e -d -V -A: no effect (the monitor always runs) */
	}
	if (argc - optind < 1 || argc - optind > 2) {
		xl_usage(xl_cmd_find("restore"));
		return 2;
	}
	if (argc - optind == 2)
		cfgfile = argv[optind++];
	if (abs_path(argv[optind], path, sizeof(path)))
		return EXIT_FAILURE;
	return restore_file(path, cfgfile, paused);
}

const struct xl_cmd xl_cmds_save[] = {
	{ "save", cmd_save, 0, "Save a domain state to restore later",
	  "save [options] <Domain> <CheckpointFile> [<ConfigFile>]\n\n"
	  "-h  Print this help.\n"
	  "-c  Leave domain running after creating the snapshot.\n"
	  "-p  Leave domain paused after creating the snapshot." },
	{ "restore", cmd_restore, 0, "Restore a domain from a saved state",
	  "restore [options] [<ConfigFile>] <CheckpointFile>\n\n"
	  "-h                       Print this help.\n"
	  "-p                       Do not unpause domain after restoring it.\n"
	  "-e                       Do not wait in the background for the death of the domain.\n"
	  "-d                       Enable debug messages.\n"
	  "-V, --vncviewer          Connect to the VNC display after the domain is created.\n"
	  "-A, --vncviewer-autopass Pass VNC password to viewer via stdin." },
	{ NULL, NULL, 0, NULL, NULL },
};
