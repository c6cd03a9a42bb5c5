/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmd_mem.c: mem-set and mem-max.  Guests start with maxmem of RAM and a
 * virtio-balloon (runtime/dm_argv.c), so mem-set asks the balloon (QMP
 * `balloon') and records memory/target as libxl does; mem-max records
 * memory/static-max and refuses more than the RAM QEMU was started with
 * (QEMU cannot grow a guest's RAM past it).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl.h"
#include "xl_dom.h"
#include "xl_fmt.h"
#include "logring.h"
#include "xs_path.h"

/* The operands (<Domain> <size>), XenStore and QMP; -1 after a message. */
static int setup(const struct xl_args *a, int64_t *kb, struct xs_handle **xs,
		 unsigned int *domid, struct xlrt_qmp **q)
{
	*kb = xlf_parse_mem_kb(a->argv[1]);
	if (*kb < 0) {
		fprintf(stderr, "invalid memory size: %s\n", a->argv[1]);
		return -1;
	}
	*xs = xl_xs();
	if (!*xs)
		return -1;
	if (xl_domid(*xs, a->argv[0], 0, domid) || xl_dom_qmp(*domid, q)) {
		xs_close(*xs);
		return -1;
	}
	return 0;
}

/* The guest's RAM as QEMU started it (its maxmem), in KiB. */
static int64_t qemu_ram_kb(struct xlrt_qmp *q)
{
	json_object *ret, *v;
	int64_t kb = -1;

	if (xl_qmp_run(q, "query-memory-size-summary", NULL, &ret))
		return -1;
	if (json_object_object_get_ex(ret, "base-memory", &v))
		kb = json_object_get_int64(v) / 1024;
	json_object_put(ret);
	return kb;
}

int main_mem_set(const struct xl_args *a)
{
	char val[32], *max;
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	unsigned int domid;
	json_object *args;
	int64_t kb, ram;
	int rc = EXIT_FAILURE;

	if (setup(a, &kb, &xs, &domid, &q))
		return EXIT_FAILURE;
	ram = qemu_ram_kb(q);
	max = xlrt_xs_dom_read(xs, XBT_NULL, domid, "memory/static-max");
	if (ram < 0) {
		/* QEMU's error already printed */
	} else if (kb > ram || (max && kb > strtoll(max, NULL, 10))) {
		fprintf(stderr, "libxl: error: memory_dynamic_max must be less than or equal to memory_static_max\n");
	} else {
		args = json_object_new_object();
		json_object_object_add(args, "value",
				       json_object_new_int64(kb * 1024));
		if (!xl_qmp_run(q, "balloon", args, NULL)) {
			snprintf(val, sizeof(val), "%" PRId64, kb);
			if (!xl_xs_dom_write(xs, domid, "memory/target", val)) {
				rc = EXIT_SUCCESS;
				xlrt_log("domain %u: memory target %" PRId64 " KiB",
					 domid, kb);
			}
		}
		json_object_put(args);
	}
	free(max);
	xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}

int main_mem_max(const struct xl_args *a)
{
	struct xs_handle *xs;
	struct xlrt_qmp *q;
	unsigned int domid;
	int64_t kb, ram;
	char val[32];
	int rc = EXIT_FAILURE;

	if (setup(a, &kb, &xs, &domid, &q))
		return EXIT_FAILURE;
	ram = qemu_ram_kb(q);
	if (ram >= 0 && kb > ram)
		fprintf(stderr, "xl: domain %u's device model was started with %" PRId64
			" MiB of RAM (maxmem); KVM cannot raise the maximum past it\n",
			domid, ram / 1024);
	snprintf(val, sizeof(val), "%" PRId64, kb);
	if (ram >= 0 && kb <= ram &&
	    !xl_xs_dom_write(xs, domid, "memory/static-max", val)) {
		rc = EXIT_SUCCESS;
		xlrt_log("domain %u: static max memory %" PRId64 " KiB", domid, kb);
	}
	if (rc)
		fprintf(stderr, "cannot set domid %u static max memory to : %s\n",
			domid, a->argv[1]);
	xlrt_qmp_close(q);
	xs_close(xs);
	return rc;
}
