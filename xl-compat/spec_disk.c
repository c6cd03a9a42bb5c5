/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_disk.c: disk specs (xl-disk-configuration(5)) with the acceptance of
 * Xen's flex scanner: at each position every rule is tried, the longest
 * match wins and the earlier rule breaks ties. Rules whose pattern ends in
 * a trailing context (the deprecated `prefix:' forms) count the rest of the
 * line towards their length, as flex does, but consume only the prefix.
 *
 * One deliberate extension: access `w!' (xend's "writable, sharing checks
 * off") is accepted and recorded as a writable disk shared between domains.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlmodel.h"

struct dpc {
	const char *where, *spec;
	struct xlm_disk *disk;
	int err, had_depr_prefix, access_set;
};

static void derr(struct dpc *c, const char *near, const char *msg)
{
	if (near)
		xlm_spec_error(c->where, "disk spec `%s': %s near `%s'",
			       c->spec, msg, near);
	else
		xlm_spec_error(c->where, "disk spec `%s': %s", c->spec, msg);
	c->err = 1;
}

static void savestring(struct dpc *c, const char *what, char **slot,
		       const char *val)
{
	char msg[64];

	if (*slot && **slot) {
		snprintf(msg, sizeof(msg), "%s respecified", what);
		derr(c, val, msg);
		return;
	}
	free(*slot);
	*slot = strdup(val);
}

/* Sets an enum unless it already holds a different value. */
static void dset(struct dpc *c, int *member, int v, const char *what,
		 const char *text)
{
	char msg[64];

	if (*member && *member != v) {
		snprintf(msg, sizeof(msg), "%s respecified", what);
		derr(c, text, msg);
	} else {
		*member = v;
	}
}

static void setaccess(struct dpc *c, const char *s)
{
	if (!strcmp(s, "r") || !strcmp(s, "ro")) {
		c->disk->readwrite = 0;
	} else if (!strcmp(s, "rw") || !strcmp(s, "w") || !*s) {
		c->disk->readwrite = 1;
	} else if (!strcmp(s, "w!")) {
		c->disk->readwrite = 1;
		c->disk->shared = 1;
	} else {
		derr(c, s, "unknown value for access");
	}
}

static void setformat(struct dpc *c, const char *s)
{
	int v;

	if (!*s) {
		v = XLM_FMT_RAW;
	} else if (xlm_enum_parse(xlm_disk_format_names, 0, XLM_FMT_QED + 1,
				  s, &v) || v == XLM_FMT_UNKNOWN) {
		derr(c, s, "unknown value for format");
		return;
	}
	dset(c, (int *)&c->disk->format, v, "format", s);
}

static void setbackendtype(struct dpc *c, const char *s)
{
	static const char *const names[] = { "", "phy", "tap", "qdisk",
					     "standalone" };
	int v;

	if (xlm_enum_parse(names, 0, 5, s, &v) || !v)
		derr(c, s, "unknown value for backendtype");
	else
		dset(c, (int *)&c->disk->backend, v, "backend", s);
}

static void setspecification(struct dpc *c, const char *s)
{
	static const char *const names[] = { "", "xen", "virtio" };
	int v;

	if (xlm_enum_parse(names, 0, 3, s, &v) || !v)
		derr(c, s, "unknown value for specification");
	else
		dset(c, (int *)&c->disk->specification, v, "specification", s);
}

/* A positional vdev of the deprecated form `vdev:cdrom' or `vdev:disk'. */
static int vdev_and_devtype(struct dpc *c, char *s)
{
	char *colon = strrchr(s, ':');

	if (!colon)
		return 0;
	*colon++ = 0;
	savestring(c, "vdev", &c->disk->vdev, s);
	if (!strcmp(colon, "cdrom"))
		c->disk->is_cdrom = 1;
	else if (!strcmp(colon, "disk"))
		c->disk->is_cdrom = 0;
	else
		derr(c, colon, "unknown deprecated type");
	return 1;
}

/* Returns 1 when scanning must stop. */
static int positional(struct dpc *c, char *s)
{
	struct xlm_disk *d = c->disk;

	if (c->err)
		return 0;
	if (!d->pdev_path) {
		savestring(c, "target", &d->pdev_path, s);
	} else if (!c->had_depr_prefix && d->format == XLM_FMT_UNKNOWN) {
		if (!*d->pdev_path && vdev_and_devtype(c, s))
			d->format = XLM_FMT_EMPTY;
		else
			setformat(c, s);
	} else if (!d->vdev) {
		if (!vdev_and_devtype(c, s))
			savestring(c, "vdev", &d->vdev, s);
	} else if (!c->access_set) {
		c->access_set = 1;
		setaccess(c, s);
	} else {
		derr(c, s, "too many positional parameters");
		return 1;
	}
	return 0;
}

/* ---- the rules ---------------------------------------------------- */

enum act {
	A_WS, A_FORMAT, A_CDROM, A_DEVTYPE_CDROM, A_DEVTYPE_DISK, A_DEVTYPE_BAD,
	A_ACCESS, A_BACKEND, A_BACKENDTYPE, A_SPECIFICATION, A_VDEV, A_SCRIPT,
	A_DIRECT_IO_SAFE, A_DISCARD, A_NO_DISCARD, A_COLO, A_NO_COLO,
	A_COLO_HOST, A_COLO_PORT, A_COLO_EXPORT, A_ACTIVE_DISK, A_HIDDEN_DISK,
	A_TRUSTED, A_UNTRUSTED, A_TARGET, A_UNKNOWN_PARAM, A_FORMAT_PREFIX,
	A_SCRIPT_PREFIX, A_IGNORED_PREFIX, A_BAD_PREFIX, A_POSITIONAL, A_BAD,
};

/* `word=[^,]*,?' or `word,?' (value == 0) */
struct literal {
	const char *word;
	int value;
	enum act act;
};

static const struct literal literals[] = {
	{ "format=", 1, A_FORMAT },
	{ "cdrom", 0, A_CDROM },
	{ "devtype=cdrom", 0, A_DEVTYPE_CDROM },
	{ "devtype=disk", 0, A_DEVTYPE_DISK },
	{ "devtype=", 1, A_DEVTYPE_BAD },
	{ "access=", 1, A_ACCESS },
	{ "backend=", 1, A_BACKEND },
	{ "backendtype=", 1, A_BACKENDTYPE },
	{ "specification=", 1, A_SPECIFICATION },
	{ "vdev=", 1, A_VDEV },
	{ "script=", 1, A_SCRIPT },
	{ "direct-io-safe", 0, A_DIRECT_IO_SAFE },
	{ "discard", 0, A_DISCARD },
	{ "no-discard", 0, A_NO_DISCARD },
	{ "colo", 0, A_COLO },
	{ "no-colo", 0, A_NO_COLO },
	{ "colo-host=", 1, A_COLO_HOST },
	{ "colo-port=", 1, A_COLO_PORT },
	{ "colo-export=", 1, A_COLO_EXPORT },
	{ "active-disk=", 1, A_ACTIVE_DISK },
	{ "hidden-disk=", 1, A_HIDDEN_DISK },
	{ "trusted", 0, A_TRUSTED },
	{ "untrusted", 0, A_UNTRUSTED },
};

static size_t span_not(const char *s, const char *reject)
{
	return strcspn(s, reject);
}

static size_t to_eol(const char *s)
{
	return span_not(s, "\n");
}

static int is_lower(int ch)
{
	return ch >= 'a' && ch <= 'z';
}

static int is_alnum_lower(int ch)
{
	return is_lower(ch) || (ch >= '0' && ch <= '9');
}

/* Length of `[a-z][a-z0-9]*:' at s (with '-' in the class when dash). */
static size_t word_colon(const char *s, int dash, char sep)
{
	size_t n = 0;

	if (!is_lower(s[0]))
		return 0;
	for (n = 1; is_alnum_lower(s[n]) || (dash && s[n] == '-'); n++)
		;
	return s[n] == sep ? n + 1 : 0;
}

/* Prefixes: each entry's total match includes the trailing context. */
static const struct {
	const char *p;
	enum act act;
} prefixes[] = {
	{ "raw:", A_FORMAT_PREFIX }, { "qcow:", A_FORMAT_PREFIX },
	{ "qcow2:", A_FORMAT_PREFIX }, { "vhd:", A_FORMAT_PREFIX },
	{ "iscsi:", A_SCRIPT_PREFIX }, { "nbd:", A_SCRIPT_PREFIX },
	{ "enbd:", A_SCRIPT_PREFIX }, { "drbd:", A_SCRIPT_PREFIX },
	{ "tapdisk:", A_IGNORED_PREFIX }, { "tap:", A_IGNORED_PREFIX },
	{ "tap2:", A_IGNORED_PREFIX }, { "aio:", A_IGNORED_PREFIX },
	{ "ioemu:", A_IGNORED_PREFIX }, { "file:", A_IGNORED_PREFIX },
	{ "phy:", A_IGNORED_PREFIX },
};

struct match {
	size_t total;		/* for longest-match */
	size_t consume;		/* what the action eats */
	enum act act;
};

static void consider(struct match *best, size_t total, size_t consume,
		     enum act act)
{
	if (total > best->total) {
		best->total = total;
		best->consume = consume;
		best->act = act;
	}
}

static struct match longest(const char *s)
{
	struct match m = { 0, 0, A_BAD };
	size_t i, n, w;

	/* [ \t\n]+/([^ \t\n].*)? */
	n = strspn(s, " \t\n");
	if (n)
		consider(&m, n + (s[n] ? to_eol(s + n) : 0), n, A_WS);
	for (i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
		size_t l = strlen(literals[i].word);

		if (strncmp(s, literals[i].word, l))
			continue;
		if (literals[i].value)
			l += span_not(s + l, ",");
		if (s[l] == ',')
			l++;
		consider(&m, l, l, literals[i].act);
	}
	if (!strncmp(s, "target=", 7))
		consider(&m, 7 + to_eol(s + 7), 7 + to_eol(s + 7), A_TARGET);
	/* [a-z][-a-z0-9]*=[^,],? */
	w = word_colon(s, 1, '=');
	if (w && s[w] && s[w] != ',') {
		n = w + 1 + (s[w + 1] == ',');
		consider(&m, n, n, A_UNKNOWN_PARAM);
	}
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t l = strlen(prefixes[i].p);

		if (!strncmp(s, prefixes[i].p, l))
			consider(&m, l + to_eol(s + l), l, prefixes[i].act);
	}
	/* [a-z][a-z0-9]*:/([^a-z0-9].*)? */
	w = word_colon(s, 0, ':');
	if (w) {
		n = w;
		if (s[w] && !is_alnum_lower(s[w]))
			n += 1 + to_eol(s + w + 1);
		consider(&m, n, w, A_BAD_PREFIX);
	}
	/* [^=,]*,|[^=,]+,? */
	n = span_not(s, "=,");
	if (s[n] == ',')
		n++;
	if (n)
		consider(&m, n, n, A_POSITIONAL);
	if (!m.total)
		consider(&m, 1, 1, A_BAD);
	return m;
}

/* Returns 1 when scanning must stop. */
static int act(struct dpc *c, enum act a, char *text, const char *rest)
{
	struct xlm_disk *d = c->disk;
	size_t len = strlen(text);
	char *val = strchr(text, '=');
	char *script;

	if (len && text[len - 1] == ',')
		text[--len] = 0;
	val = val ? val + 1 : NULL;
	switch (a) {
	case A_WS:
		break;
	case A_FORMAT: setformat(c, val); break;
	case A_CDROM:
	case A_DEVTYPE_CDROM: d->is_cdrom = 1; break;
	case A_DEVTYPE_DISK: d->is_cdrom = 0; break;
	case A_DEVTYPE_BAD: derr(c, text, "unknown value for type"); break;
	case A_ACCESS: setaccess(c, val); break;
	case A_BACKEND: savestring(c, "backend", &d->backend_domname, val); break;
	case A_BACKENDTYPE: setbackendtype(c, val); break;
	case A_SPECIFICATION: setspecification(c, val); break;
	case A_VDEV: savestring(c, "vdev", &d->vdev, val); break;
	case A_SCRIPT: savestring(c, "script", &d->script, val); break;
	case A_DIRECT_IO_SAFE: d->direct_io_safe = 1; break;
	case A_DISCARD: d->discard_enable = XLM_TRUE; break;
	case A_NO_DISCARD: d->discard_enable = XLM_FALSE; break;
	case A_COLO: d->colo_enable = XLM_TRUE; break;
	case A_NO_COLO: d->colo_enable = XLM_FALSE; break;
	case A_COLO_HOST: savestring(c, "colo-host", &d->colo_host, val); break;
	case A_COLO_PORT:
		d->colo_port = atoi(val);
		if (!d->colo_port)
			derr(c, val, "unknown value for colo_port");
		break;
	case A_COLO_EXPORT: savestring(c, "colo-export", &d->colo_export, val); break;
	case A_ACTIVE_DISK: savestring(c, "active-disk", &d->active_disk, val); break;
	case A_HIDDEN_DISK: savestring(c, "hidden-disk", &d->hidden_disk, val); break;
	case A_TRUSTED: d->trusted = XLM_TRUE; break;
	case A_UNTRUSTED: d->trusted = XLM_FALSE; break;
	case A_TARGET: savestring(c, "target", &d->pdev_path, val); break;
	case A_UNKNOWN_PARAM: derr(c, text, "unknown parameter"); break;
	case A_FORMAT_PREFIX:
		text[len - 1] = 0;
		c->had_depr_prefix = 1;
		setformat(c, text);
		break;
	case A_SCRIPT_PREFIX:
		text[len - 1] = 0;
		c->had_depr_prefix = 1;
		if (asprintf(&script, "block-%s", text) < 0) {
			derr(c, text, "out of memory");
			return 1;
		}
		savestring(c, "script", &d->script, script);
		free(script);
		break;
	case A_IGNORED_PREFIX:
		c->had_depr_prefix = 1;
		break;
	case A_BAD_PREFIX:
		derr(c, text, "unknown deprecated disk prefix");
		return 1;
	case A_POSITIONAL:
		return positional(c, text);
	case A_BAD:
		/* flex reports it with what follows: a last character passes */
		if (!rest[1])
			return 1;
		derr(c, rest, "bad disk syntax");
		return 1;
	}
	return 0;
}

static void scan(struct dpc *c, const char *spec)
{
	const char *p = spec;

	c->spec = spec;
	while (*p) {
		struct match m = longest(p);
		char *text = strndup(p, m.consume);
		int stop;

		if (!text) {
			derr(c, NULL, "out of memory");
			return;
		}
		stop = act(c, m.act, text, p);
		free(text);
		if (stop)
			return;
		p += m.consume;
	}
}

int xlm_parse_disk(const char *where, int nspecs, const char *const *specs,
		   struct xlm_disk *disk)
{
	struct dpc c = { .where = where, .disk = disk, .spec = "" };
	int i;

	disk->readwrite = 1;
	for (i = 0; i < nspecs; i++) {
		scan(&c, specs[i]);
		if (c.err)
			return -1;
	}
	if (disk->format == XLM_FMT_UNKNOWN)
		disk->format = XLM_FMT_RAW;
	if (disk->is_cdrom) {
		disk->removable = 1;
		disk->readwrite = 0;
		disk->shared = 0;
		if (!disk->pdev_path || !*disk->pdev_path)
			disk->format = XLM_FMT_EMPTY;
	}
	if (!disk->vdev) {
		derr(&c, NULL, "no vdev specified");
		return -1;
	}
	if (!disk->pdev_path && !disk->removable) {
		derr(&c, NULL, "no target specified (and device not removable)");
		return -1;
	}
	return 0;
}
