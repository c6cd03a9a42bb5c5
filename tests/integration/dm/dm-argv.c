/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dm-argv: test helper for the device-model command line.  Loads xl
 * configs as `xl create' does, applies libxl's defaults and prints the
 * QEMU command line built by xlrt_dm_build(), one element per line.
 * With -s it starts every config's QEMU at once, paused (-S), through the
 * real launcher (qemu_proc: -qmp, -sandbox), checks each answers QMP as
 * "prelaunch", and stops them all: proof that QEMU accepted the options.
 *
 *   dm-argv [-a xen|kvm|tcg] [-d DOMID] [-q QEMU] [-x WHAT]...
 *           [-r OLD=NEW]... [-p OLD=NEW]... [-s] CONFIG[@k=v;...] ...
 *   CONFIG@TEXT  TEXT is appended to the config as xl create's k=v
 *   -x WHAT     drop an option WHAT and its value, or an option whose
 *               value is WHAT or starts with "WHAT," (a device or
 *               display backend this host lacks)
 *   -r OLD=NEW  replace an element equal to OLD or starting with "OLD,"
 *               by NEW (a display backend this host lacks)
 *   -p OLD=NEW  replace the substring OLD of every element (host paths)
 *   (-r and -p split OLD=NEW at the last '=')
 *   -q QEMU     run QEMU instead of the config's device_model_override
 * Exit 0; 1 with the reason on stderr (build error or QEMU's own words).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "dm_argv.h"
#include "paths.h"
#include "qemu_proc.h"

#define MAX_CFG 8

struct edit {
	const char *drop[8], *from[8], *to[8], *pfrom[16], *pto[16];
	int ndrop, nrep, nsub;
};

/* v is prefix, or starts with "prefix," */
static int is(const char *v, const char *prefix)
{
	size_t len = strlen(prefix);

	return !strncmp(v, prefix, len) && (!v[len] || v[len] == ',');
}

static void drop_pair(struct xlrt_argv *a, size_t i)
{
	size_t j;

	free(a->v[i]);
	free(a->v[i + 1]);
	for (j = i; j + 2 <= a->n; j++)
		a->v[j] = a->v[j + 2];
	a->n -= 2;
}

static void replace(char **v, const char *from, const char *to)
{
	char *p = strstr(*v, from), *s;

	if (!p || asprintf(&s, "%.*s%s%s", (int)(p - *v), *v, to,
			   p + strlen(from)) < 0)
		return;
	free(*v);
	*v = s;
}

/* Apply -x, -r and -p to a built command line, in place. */
static void edit(struct xlrt_argv *a, const struct edit *e)
{
	size_t i;
	int k;

	for (i = 0; i + 1 < a->n; i++)
		for (k = 0; k < e->ndrop; k++)
			if (is(a->v[i], e->drop[k]) ||
			    (a->v[i][0] == '-' && is(a->v[i + 1], e->drop[k]))) {
				drop_pair(a, i);
				i--;
				break;
			}
	for (i = 0; i < a->n; i++) {
		for (k = 0; k < e->nrep; k++)
			if (is(a->v[i], e->from[k])) {
				free(a->v[i]);
				a->v[i] = strdup(e->to[k]);
			}
		for (k = 0; k < e->nsub; k++)
			replace(&a->v[i], e->pfrom[k], e->pto[k]);
	}
}

static int write_files(const struct xlrt_dm *dm)
{
	size_t i;

	for (i = 0; i < dm->num_files; i++) {
		int fd = open(dm->files[i].path, O_WRONLY | O_CREAT | O_TRUNC |
			      O_CLOEXEC, 0600);
		size_t n = strlen(dm->files[i].data);

		if (fd < 0 || write(fd, dm->files[i].data, n) != (ssize_t)n) {
			perror(dm->files[i].path);
			return -1;
		}
		close(fd);
	}
	return 0;
}

static int start(struct xlrt_dm *dm, unsigned int domid, const char *cfg,
		 struct xlrt_qemu **qp)
{
	char qmp[4096], err[2048];
	int r;

	r = xlrt_dom_dir_create(domid);
	if (r) {
		fprintf(stderr, "%s: domain dir: %s\n", cfg, strerror(-r));
		return -1;
	}
	if (write_files(dm) || xlrt_argv_add(&dm->args, "-S") ||
	    xlrt_path_qmp(qmp, sizeof(qmp), domid))
		return -1;
	r = xlrt_qemu_start(&(struct xlrt_qemu_opts){
			.qemu = dm->qemu,
			.args = (const char *const *)dm->args.v,
			.qmp_path = qmp, .timeout_ms = 10000 }, qp,
			err, sizeof(err));
	if (r) {
		fprintf(stderr, "%s: %s\n", cfg, err);
		return -1;
	}
	return 0;
}

static int status(struct xlrt_qemu *q, const char *cfg)
{
	json_object *ret = NULL, *st;
	int r = xlrt_qmp_execute(q->qmp, "query-status", NULL, &ret, 5000);
	const char *s;

	if (r || !json_object_object_get_ex(ret, "status", &st)) {
		fprintf(stderr, "%s: query-status failed (%d)\n", cfg, r);
		json_object_put(ret);
		return -1;
	}
	s = json_object_get_string(st);
	printf("%s: accepted, status %s\n", cfg, s);
	r = strcmp(s, "prelaunch") ? -1 : 0;
	json_object_put(ret);
	return r;
}

int main(int argc, char **argv)
{
	struct xlrt_dm_env env = { .accel = XLRT_ACCEL_TCG, .domid = 1 };
	struct xlrt_qemu *q[MAX_CFG] = { 0 };
	struct xlrt_dm dm[MAX_CFG];
	struct edit e = { 0 };
	const char *qemu = NULL;
	int opt, i, n = 0, rc = 0, run = 0;
	char err[1024];

	while ((opt = getopt(argc, argv, "a:d:q:x:r:p:s")) != -1) {
		switch (opt) {
		case 'a':
			if (xlrt_accel_parse(optarg, &env.accel))
				return 2;
			break;
		case 'd':
			env.domid = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'q':
			qemu = optarg;
			break;
		case 'x':
			if (e.ndrop < 8)
				e.drop[e.ndrop++] = optarg;
			break;
		case 'r':	/* OLD=NEW, split at the last '=' */
			if (e.nrep < 8 && strrchr(optarg, '=')) {
				e.from[e.nrep] = strndup(optarg,
					strrchr(optarg, '=') - optarg);
				e.to[e.nrep++] = strrchr(optarg, '=') + 1;
			}
			break;
		case 'p':
			if (e.nsub < 16 && strrchr(optarg, '=')) {
				e.pfrom[e.nsub] = strndup(optarg,
					strrchr(optarg, '=') - optarg);
				e.pto[e.nsub++] = strrchr(optarg, '=') + 1;
			}
			break;
		case 's':
			run = 1;
			break;
		default:
			return 2;
		}
	}
	for (i = optind; i < argc && n < MAX_CFG; i++, n++) {
		struct xlm_domain d;
		char *path = strdup(argv[i]), *extra = strchr(path, '@');
		struct xlrt_dm_env en = env;
		size_t k;

		if (extra)
			*extra++ = 0;
		en.domid = env.domid + (unsigned int)n;
		if (xlm_load(path, extra, NULL, &d) ||
		    xlm_domain_setdefault(&d)) {
			fprintf(stderr, "%s: config rejected\n", path);
			return 1;
		}
		if (xlrt_dm_build(&d, &en, &dm[n], err, sizeof(err))) {
			fprintf(stderr, "%s: %s\n", path, err);
			return 1;
		}
		xlm_domain_dispose(&d);
		free(path);
		if (qemu) {
			free(dm[n].qemu);
			dm[n].qemu = strdup(qemu);
		}
		edit(&dm[n].args, &e);
		for (k = 0; k < dm[n].warnings.n; k++)
			fprintf(stderr, "%s: warning: %s\n", argv[i],
				dm[n].warnings.v[k]);
		if (!run) {
			printf("%s\n", dm[n].qemu);
			for (k = 0; k < dm[n].args.n; k++)
				printf("%s\n", dm[n].args.v[k]);
		} else if (start(&dm[n], en.domid, argv[i], &q[n])) {
			rc = 1;
			n++;
			break;
		}
	}
	/* every QEMU is up at the same time here */
	for (i = 0; i < n; i++) {
		if (q[i] && status(q[i], argv[optind + i]))
			rc = 1;
	}
	for (i = 0; i < n; i++) {
		if (q[i])
			xlrt_qemu_stop(q[i], 2000);
		if (run)
			xlrt_dom_dir_remove(env.domid + (unsigned int)i);
		xlrt_dm_free(&dm[i]);
	}
	return rc;
}
