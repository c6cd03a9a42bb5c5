/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xlcfg-oracle.c: differential test of libxlcfg against Debian's real
 * libxlutil.so.4.17. For each config (files given, or thousands generated
 * from a fixed seed, valid and broken) both parsers must agree on
 * acceptance and, when both accept, on every key's shape, string value,
 * list contents and number conversion; disk and pci specs found in the
 * configs (and generated disk specs) go through both spec parsers too,
 * and accepted disks must print the same JSON as libxl's generator.
 * Differences caused by our documented extensions (CRLF, a final comment
 * without newline, \x and octal escapes, w! access) are counted, not
 * failed; so are disk specs with trusted/untrusted, which Xen 4.17's
 * sources and tests have but Debian's prebuilt disk scanner lacks.
 *
 * usage: xlcfg-oracle FILE...          compare the files
 *        xlcfg-oracle -g COUNT SEED    compare COUNT generated configs
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xlcfg.h"
#include "xlmodel.h"

static FILE *devnull;
static int verbose;
static long n_same, n_documented, n_mismatch, n_accepted, n_rejected;
static long n_disk_same, n_disk_json, n_disk_documented, n_pci_same;

static void mismatch(const char *what, const char *text, size_t len,
		     const char *fmt, ...)
{
	va_list ap;

	n_mismatch++;
	if (n_mismatch > 20)
		return;
	printf("MISMATCH in %s: ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n---- config ----\n%.*s\n---- end ----\n", (int)len, text);
}

/* Does the text use one of our documented extensions? */
static int uses_extension(const char *t, size_t len)
{
	const char *last = t;
	size_t i;

	for (i = 0; i < len; i++) {
		if (t[i] == '\r')
			return 1;
		if (t[i] == '\\' && i + 1 < len &&
		    (t[i + 1] == 'x' || (t[i + 1] >= '0' && t[i + 1] <= '9')))
			return 1;
		if (t[i] == '\n')
			last = t + i + 1;
	}
	return len && t[len - 1] != '\n' && memchr(last, '#', t + len - last);
}

static int has_octal(const char *t, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (t[i] == '\\' && t[i + 1] >= '0' && t[i + 1] <= '9')
			return 1;
	return 0;
}

static int same_value(const struct xlcfg_value *ours, XLU_Config *xc,
		      XLU_ConfigValue *theirs)
{
	XLU_ConfigList *l;
	int i;

	if (ours->type == XLCFG_STRING) {
		char *s;

		return xlu_cfg_value_type(theirs) == XLU_STRING &&
		       !xlu_cfg_value_get_string(xc, theirs, &s, 1) &&
		       !strcmp(s, ours->str);
	}
	if (xlu_cfg_value_type(theirs) != XLU_LIST ||
	    xlu_cfg_value_get_list(xc, theirs, &l, 1))
		return 0;
	for (i = 0; i < ours->n; i++) {
		XLU_ConfigValue *v = xlu_cfg_get_listitem2(l, i);

		if (!v || !same_value(ours->items[i], xc, v))
			return 0;
	}
	return !xlu_cfg_get_listitem2(l, ours->n);
}

/* Both disk parsers must agree, except that only we accept w!. */
static void compare_disk(const char *spec, const char *text, size_t len)
{
	XLU_Config *xc = xlu_cfg_init(devnull, "oracle");
	libxl_device_disk xd;
	struct xlm_disk od;
	FILE *saved = stderr;
	int xr, orr, same;

	libxl_device_disk_init(&xd);
	xlm_disk_init(&od);
	xr = xlu_disk_parse(xc, 1, &spec, &xd);
	stderr = devnull;
	orr = xlm_parse_disk("oracle", 1, &spec, &od);
	stderr = saved;
	same = !xr == !orr;
	if (same && !xr) {
		same = !strcmp(xd.pdev_path ? xd.pdev_path : "(null)",
			       od.pdev_path ? od.pdev_path : "(null)") &&
		       !strcmp(xd.vdev ? xd.vdev : "", od.vdev ? od.vdev : "") &&
		       !strcmp(xd.script ? xd.script : "", od.script ? od.script : "") &&
		       !strcmp(xd.backend_domname ? xd.backend_domname : "",
			       od.backend_domname ? od.backend_domname : "") &&
		       (int)xd.format == (int)od.format &&
		       (int)xd.backend == (int)od.backend &&
		       (int)xd.specification == (int)od.specification &&
		       xd.readwrite == od.readwrite &&
		       xd.is_cdrom == od.is_cdrom &&
		       xd.removable == od.removable &&
		       xd.direct_io_safe == od.direct_io_safe;
	}
	if (same && !xr && !strstr(spec, "w!") && !strstr(spec, "trusted")) {
		/* and libxl's own JSON generator must print what we print */
		char *theirs = libxl_device_disk_to_json(NULL, &xd), *mine = NULL;
		json_object *o = xlm_disk_json(&od);
		size_t n;
		FILE *f = open_memstream(&mine, &n);

		xlm_json_print(f, o);
		fclose(f);
		json_object_put(o);
		if (!theirs || strcmp(theirs, mine)) {
			mismatch("disk JSON", text, len, "`%s':\nlibxl:\n%sours:\n%s",
				 spec, theirs ? theirs : "(none)\n", mine);
			same = -1;
		} else {
			n_disk_json++;
		}
		free(theirs);
		free(mine);
	}
	if (same < 0)
		;
	else if (same)
		n_disk_same++;
	else if (strstr(spec, "w!") || strstr(spec, "trusted"))
		n_disk_documented++;
	else
		mismatch("disk spec", text, len, "`%s': xen %s, ours %s", spec,
			 xr ? "rejects" : "accepts", orr ? "rejects" : "accepts");
	libxl_device_disk_dispose(&xd);
	xlm_disk_dispose(&od);
	xlu_cfg_destroy(xc);
}

static void compare_pci(const char *spec, const char *text, size_t len)
{
	XLU_Config *xc = xlu_cfg_init(devnull, "oracle");
	libxl_device_pci xp;
	struct xlm_pci op;
	FILE *saved = stderr;
	int xr, orr;

	libxl_device_pci_init(&xp);
	xlm_pci_init(&op);
	xr = xlu_pci_parse_spec_string(xc, &xp, spec);
	stderr = devnull;
	orr = xlm_parse_pci("oracle", spec, &op);
	stderr = saved;
	if (!xr != !orr || (!xr && (xp.domain != op.domain || xp.bus != op.bus ||
				   xp.dev != op.dev || xp.func != op.func ||
				   xp.vdevfn != op.vdevfn ||
				   xp.vfunc_mask != op.vfunc_mask ||
				   xp.permissive != op.permissive)))
		mismatch("pci spec", text, len, "`%s'", spec);
	else
		n_pci_same++;
	libxl_device_pci_dispose(&xp);
	free(op.name);
	xlu_cfg_destroy(xc);
}

static void compare_specs(const struct xlcfg *oc, const char *text, size_t len)
{
	const struct xlcfg_value *l;
	const char *s;
	int i;

	if (!xlcfg_get_list(oc, "disk", &l, NULL, 1))
		for (i = 0; (s = xlcfg_list_string(l, i)); i++)
			compare_disk(s, text, len);
	if (!xlcfg_get_list(oc, "pci", &l, NULL, 1))
		for (i = 0; (s = xlcfg_list_string(l, i)); i++)
			compare_pci(s, text, len);
}

/* Every word of the text that could be a key is looked up in both. */
static int compare_values(const struct xlcfg *oc, XLU_Config *xc,
			  const char *text, size_t len, char *why, size_t wl)
{
	size_t i = 0;

	while (i < len) {
		char key[256];
		size_t n = 0;
		const struct xlcfg_setting *s;
		XLU_ConfigList *xl;
		const char *xs;
		long ol, xlv;
		int orc, xrc;

		if (!(text[i] >= 'a' && text[i] <= 'z') ||
		    (i && (isalnum((unsigned char)text[i - 1]) ||
			   text[i - 1] == '_' || text[i - 1] == '.'))) {
			i++;
			continue;
		}
		while (i < len && n < sizeof(key) - 1 &&
		       (islower((unsigned char)text[i]) ||
			isdigit((unsigned char)text[i]) || text[i] == '.' ||
			text[i] == '_'))
			key[n++] = text[i++];
		key[n] = 0;
		s = xlcfg_find(oc, key);
		if (!s) {
			if (xlu_cfg_get_list(xc, key, NULL, NULL, 1) != ESRCH) {
				snprintf(why, wl, "key `%s' only in xen", key);
				return 0;
			}
			continue;
		}
		if (s->value->type == XLCFG_LIST) {
			XLU_ConfigValue *v;

			if (xlu_cfg_get_list(xc, key, &xl, NULL, 1)) {
				snprintf(why, wl, "key `%s': list only in ours", key);
				return 0;
			}
			for (n = 0; (int)n < s->value->n; n++) {
				v = xlu_cfg_get_listitem2(xl, (int)n);
				if (!v || !same_value(s->value->items[n], xc, v)) {
					snprintf(why, wl, "key `%s': list item %zu differs", key, n);
					return 0;
				}
			}
			if (xlu_cfg_get_listitem2(xl, s->value->n)) {
				snprintf(why, wl, "key `%s': xen's list is longer", key);
				return 0;
			}
			continue;
		}
		if (xlu_cfg_get_string(xc, key, &xs, 1) || strcmp(xs, s->value->str)) {
			snprintf(why, wl, "key `%s': string differs", key);
			return 0;
		}
		ol = xlv = 0;
		orc = xlcfg_get_long(oc, key, &ol, 1);
		xrc = xlu_cfg_get_long(xc, key, &xlv, 1);
		if (orc != xrc || ol != xlv) {
			snprintf(why, wl, "key `%s': number %ld/%d vs xen %ld/%d",
				 key, ol, orc, xlv, xrc);
			return 0;
		}
	}
	return 1;
}

static void compare(const char *name, const char *text, size_t len)
{
	struct xlcfg *oc = xlcfg_new(name, devnull);
	XLU_Config *xc = xlu_cfg_init(devnull, name);
	int ours = !xlcfg_parse(oc, text, len);
	int xen = !xlu_cfg_readdata(xc, text, (int)len);
	int ext = uses_extension(text, len);
	char why[300] = "";

	if (ours != xen) {
		/* our extensions only ever accept more, except around octal */
		if (ext && (ours || has_octal(text, len))) {
			n_documented++;
		} else {
			mismatch(name, text, len, "xen %s, ours %s",
				 xen ? "accepts" : "rejects",
				 ours ? "accepts" : "rejects");
		}
	} else if (ours && !compare_values(oc, xc, text, len, why, sizeof(why))) {
		if (ext)
			n_documented++;
		else
			mismatch(name, text, len, "%s", why);
	} else {
		n_same++;
		if (ours)
			n_accepted++;
		else
			n_rejected++;
	}
	if (ours && xen)
		compare_specs(oc, text, len);
	if (verbose)
		printf("%s: xen %s, ours %s\n", name, xen ? "ok" : "error",
		       ours ? "ok" : "error");
	xlcfg_free(oc);
	xlu_cfg_destroy(xc);
}

/* ---- deterministic generator ------------------------------------- */

static unsigned long long rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *pick(const char *const *a, size_t n)
{
	return a[rnd((unsigned)n)];
}
#define PICK(a) pick(a, sizeof(a) / sizeof(a[0]))

struct buf {
	char *s;
	size_t len, cap;
};

static void put(struct buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

static void putc_(struct buf *b, char c)
{
	char s[2] = { c, 0 };

	put(b, s);
}

static const char *const disk_parts[] = {
	"/dev/vg/guest", "", "img.raw", "phy:/dev/sda", "file:/x.img",
	"raw:/x", "qcow2:/y.qcow2", "iscsi:iqn.2001-05.com.x:0", "tap:aio:/z",
	"aio:/z", "foo:/z", "nbd:host", "raw", "qcow2", "vhd", "qed", "empty",
	"bogus", "xvda", "hdc", "hdc:cdrom", "sda:disk", "xvdb:foo", "r", "ro",
	"w", "rw", "w!", "x", "format=raw", "format=qcow2", "format=zz",
	"vdev=xvdc", "access=ro", "access=w!", "devtype=cdrom", "devtype=disk",
	"devtype=x", "backend=1", "backendtype=phy", "backendtype=qdisk",
	"backendtype=x", "specification=virtio", "script=block-x", "discard",
	"no-discard", "direct-io-safe", "trusted", "untrusted", "cdrom",
	"target=/x,y", "target=", "foo=bar", "a=b", "colo", "=", "a b",
};

static void gen_disk_spec(struct buf *b)
{
	static const char *const seps[] = { ",", ",", ", ", " ", ",," };
	unsigned i, n = 1 + rnd(5);

	for (i = 0; i < n; i++) {
		if (i)
			put(b, PICK(seps));
		put(b, PICK(disk_parts));
	}
}

static void gen_string(struct buf *b, int disk)
{
	static const char *const escapes[] = { "\\n", "\\t", "\\\\",
		"\\'", "\\\"", "\\a", "\\r" };
	static const char chars[] = "abcXYZ019 =,[]#;+-.():/!_";
	char q = rnd(2) ? '\'' : '"';
	unsigned i, n = rnd(8);

	putc_(b, q);
	if (disk) {
		gen_disk_spec(b);
	} else {
		for (i = 0; i < n; i++) {
			unsigned r = rnd(10);

			if (r == 0)
				put(b, PICK(escapes));
			else if (r == 1)
				putc_(b, q == '"' ? '\'' : '"');
			else
				putc_(b, chars[rnd(sizeof(chars) - 1)]);
		}
	}
	putc_(b, q);
}

static void gen_number(struct buf *b)
{
	static const char *const nums[] = { "0", "1", "42", "010", "0x10",
		"0x", "09", "1abc", "0xfffffffffffffffffff", "99999999999999999999",
		"0777", "1024", "0xdeadbeef", "12e5", "0b1" };
	char n[16];

	if (rnd(3)) {
		put(b, PICK(nums));
	} else {
		snprintf(n, sizeof(n), "%u", rnd(100000));
		put(b, n);
	}
}

static void gen_nl(struct buf *b)
{
	unsigned r = rnd(6);

	if (r == 0)
		put(b, " # note\n");
	else if (r == 1)
		put(b, "\n\n");
	else if (r == 2)
		put(b, "\n\t");
	else
		put(b, "\n");
}

static void gen_value(struct buf *b, int depth, int disk)
{
	unsigned r = rnd(depth < 3 ? 10 : 7);

	if (r < 4) {
		gen_string(b, disk);
	} else if (r < 7) {
		gen_number(b);
	} else {
		unsigned i, n = rnd(5);

		put(b, "[");
		if (rnd(3) == 0)
			gen_nl(b);
		for (i = 0; i < n; i++) {
			if (i) {
				put(b, rnd(2) ? "," : ", ");
				if (rnd(4) == 0)
					gen_nl(b);
			}
			gen_value(b, depth + 1, disk);
			if (rnd(6) == 0)
				gen_nl(b);
		}
		if (n && rnd(4) == 0)
			put(b, ",");
		if (rnd(4) == 0)
			gen_nl(b);
		put(b, "]");
	}
}

static void gen_key(struct buf *b)
{
	static const char *const keys[] = { "name", "memory", "vcpus", "disk",
		"vif", "pci", "type", "extra", "a", "b.c", "x_y", "k0", "cpus" };
	static const char more[] = "abcz09._";
	unsigned i, n;

	if (rnd(3)) {
		put(b, PICK(keys));
		return;
	}
	putc_(b, (char)('a' + rnd(26)));
	for (i = 0, n = rnd(6); i < n; i++)
		putc_(b, more[rnd(sizeof(more) - 1)]);
}

static void gen_config(struct buf *b)
{
	static const char *const ws[] = { "", " ", "\t", "  " };
	static const char nasty[] = "A-(:\r\"'[],=+#\\;\n x.{}";
	unsigned i, n = 1 + rnd(10);

	b->len = 0;
	put(b, "");
	for (i = 0; i < n; i++) {
		unsigned r = rnd(12);

		if (r == 0) {
			put(b, "# comment line\n");
		} else if (r == 1) {
			put(b, rnd(2) ? ";" : "\n");
		} else {
			size_t k = b->len;
			int disk;

			gen_key(b);
			disk = !strncmp(b->s + k, "disk", 4) || !strncmp(b->s + k, "pci", 3);
			put(b, PICK(ws));
			put(b, rnd(5) ? "=" : "+=");
			put(b, PICK(ws));
			gen_value(b, 0, disk);
			put(b, PICK(ws));
			if (i + 1 < n || rnd(3))
				put(b, rnd(4) ? "\n" : (rnd(2) ? ";" : "; # c\n"));
		}
	}
	/* about a third are broken on purpose */
	if (rnd(3) == 0) {
		unsigned m, nm = 1 + rnd(3);

		for (m = 0; m < nm && b->len; m++) {
			size_t at = rnd((unsigned)b->len + 1);

			switch (rnd(4)) {
			case 0: /* insert */
				put(b, " ");
				memmove(b->s + at + 1, b->s + at, b->len - at - 1);
				b->s[at] = nasty[rnd(sizeof(nasty) - 1)];
				break;
			case 1: /* delete */
				if (at < b->len) {
					memmove(b->s + at, b->s + at + 1, b->len - at);
					b->len--;
				}
				break;
			case 2: /* truncate */
				b->len = at;
				b->s[at] = 0;
				break;
			default: /* swap */
				if (at + 1 < b->len) {
					char c = b->s[at];

					b->s[at] = b->s[at + 1];
					b->s[at + 1] = c;
				}
			}
		}
	}
	/* and a few use our extensions */
	switch (rnd(40)) {
	case 0:
		put(b, "crlf = 1\r\n");
		break;
	case 1:
		put(b, "\n# final comment without newline");
		break;
	case 2:
		put(b, rnd(2) ? "\nesc = 'A\\x41'\n" : "\nesc = 'A\\101'\n");
		break;
	}
}

static int compare_file(const char *path)
{
	char *data;
	size_t len;
	int e = xlcfg_read_file(path, &data, &len);

	if (e) {
		fprintf(stderr, "%s: %s\n", path, strerror(e));
		return -1;
	}
	compare(path, data, len);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	devnull = fopen("/dev/null", "w");
	if (!devnull)
		return 99;
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc == 4 && !strcmp(argv[1], "-g")) {
		long count = atol(argv[2]), k;
		struct buf b = { 0 };
		char name[32];

		rng = strtoull(argv[3], NULL, 0) | 1;
		for (k = 0; k < count; k++) {
			snprintf(name, sizeof(name), "generated#%ld", k);
			gen_config(&b);
			compare(name, b.s, b.len);
			b.len = 0;
			put(&b, "");
			gen_disk_spec(&b);
			compare_disk(b.s, b.s, b.len);
		}
		free(b.s);
	} else if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (compare_file(argv[i]))
				return 1;
	} else {
		fprintf(stderr, "usage: xlcfg-oracle [-v] FILE... | -g COUNT SEED\n");
		return 2;
	}
	printf("configs: %ld agree (%ld accepted by both, %ld rejected by both), %ld documented differences, %ld mismatches\n",
	       n_same, n_accepted, n_rejected, n_documented, n_mismatch);
	printf("disk specs: %ld agree (%ld accepted with JSON identical to libxl's), %ld documented (w!, trusted); pci specs: %ld agree\n",
	       n_disk_same, n_disk_json, n_disk_documented, n_pci_same);
	return n_mismatch ? 1 : 0;
}
