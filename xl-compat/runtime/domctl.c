/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * domctl.c: changing a live domain (domctl.h) through its QEMU (QMP on
 * the command socket), its XenStore nodes and the monitor's state file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xenstore.h>

#include "domain.h"
#include "domctl.h"
#include "logring.h"

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* -ESRCH unless domid is a live domain other than 0 (-EPERM for 0). */
static int guest(unsigned int domid, const char *what, char *err,
		 size_t errlen)
{
	struct xlrt_domstate st;

	if (domid == 0) {
		snprintf(err, errlen, "cannot %s Domain-0 (the host)", what);
		return -EPERM;
	}
	if (xlrt_domstate_read(domid, &st)) {
		snprintf(err, errlen, "%u is an invalid domain identifier", domid);
		return -ESRCH;
	}
	return 0;
}

int xlrt_domain_qmp_run(unsigned int domid, const char *cmd,
			json_object *args, json_object **ret, char *err,
			size_t errlen)
{
	struct xlrt_qmp *q;
	char why[512];
	int r = xlrt_domain_qmp(domid, 5000, &q, why, sizeof(why));

	if (r) {
		snprintf(err, errlen, "cannot reach the device model of domain %u: %s",
			 domid, why);
		return r;
	}
	r = xlrt_qmp_execute(q, cmd, args, ret, 10000);
	if (r)
		snprintf(err, errlen, "%s on domain %u: %s", cmd, domid,
			 xlrt_qmp_strerror(q));
	xlrt_qmp_close(q);
	return r;
}

int xlrt_domain_pause(unsigned int domid, bool pause, char *err,
		      size_t errlen)
{
	struct xlrt_domstate st;
	int r = guest(domid, pause ? "pause" : "unpause", err, errlen), waited;

	if (!r)
		r = xlrt_domain_qmp_run(domid, pause ? "stop" : "cont", NULL,
					NULL, err, errlen);
	for (waited = 0; !r && waited < 2000; waited += 2) {
		if (xlrt_domstate_read(domid, &st) ||
		    (st.state == XLRT_RUN_PAUSED) == pause)
			break;
		sleep_ms(2);
	}
	return r;
}

static char *dom_read(struct xs_handle *xs, unsigned int domid, const char *rel)
{
	char path[128];
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	return xs_read(xs, XBT_NULL, path, &len);
}

static int dom_write(struct xs_handle *xs, unsigned int domid, const char *rel,
		     const char *val, char *err, size_t errlen)
{
	char path[128];

	snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
	if (xs_write(xs, XBT_NULL, path, val, strlen(val)))
		return 0;
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return -errno;
}

bool xlrt_domain_pv_control(struct xs_handle *xs, unsigned int domid,
			    bool reboot)
{
	char *v = dom_read(xs, domid, reboot ? "control/feature-reboot" :
				      "control/feature-poweroff");
	bool pv = v && !strcmp(v, "1");

	free(v);
	return pv;
}

/* control/shutdown, then wait up to ack_ms for the guest to clear it. */
static int pv_request(struct xs_handle *xs, unsigned int domid, const char *req,
		      int ack_ms, char *err, size_t errlen)
{
	char *v;
	int waited, r = dom_write(xs, domid, "control/shutdown", req, err, errlen);

	for (waited = 0; !r && waited < ack_ms; waited += 10) {
		v = dom_read(xs, domid, "control/shutdown");
		if (!v || !*v) {
			free(v);
			return 0;
		}
		free(v);
		sleep_ms(10);
	}
	if (!r && ack_ms > 0) {
		snprintf(err, errlen, "domain %u did not acknowledge the %s request within %d s",
			 domid, req, ack_ms / 1000);
		return -ETIMEDOUT;
	}
	return r;
}

int xlrt_domain_shutdown(struct xs_handle *xs, unsigned int domid,
			 bool reboot, int ack_ms, char *err, size_t errlen)
{
	int r = guest(domid, reboot ? "reboot" : "shut down", err, errlen);

	if (r)
		return r;
	if (xlrt_domain_pv_control(xs, domid, reboot))
		return pv_request(xs, domid, reboot ? "reboot" : "poweroff",
				  ack_ms, err, errlen);
	/* with or without xl's -F: KVM guests always have ACPI */
	return xlrt_domain_qmp_run(domid, reboot ? "system_reset" :
				   "system_powerdown", NULL, NULL, err, errlen);
}

/* The guest's RAM as QEMU started it (its maxmem), in KiB. */
static int qemu_ram_kb(unsigned int domid, uint64_t *kb, char *err,
		       size_t errlen)
{
	json_object *ret, *v;
	int r = xlrt_domain_qmp_run(domid, "query-memory-size-summary", NULL,
				    &ret, err, errlen);

	if (r)
		return r;
	if (json_object_object_get_ex(ret, "base-memory", &v))
		*kb = (uint64_t)json_object_get_int64(v) / 1024;
	else
		r = -EPROTO;
	json_object_put(ret);
	if (r)
		snprintf(err, errlen, "query-memory-size-summary on domain %u: no base-memory",
			 domid);
	return r;
}

int xlrt_domain_set_target(struct xs_handle *xs, unsigned int domid,
			   uint64_t kb, char *err, size_t errlen)
{
	uint64_t ram = 0;
	json_object *args;
	char val[32], *max;
	int r = guest(domid, "set the memory of", err, errlen);

	if (!r)
		r = qemu_ram_kb(domid, &ram, err, errlen);
	if (r)
		return r;
	max = dom_read(xs, domid, "memory/static-max");
	if (kb > ram || (max && kb > strtoull(max, NULL, 10))) {
		snprintf(err, errlen, "memory_dynamic_max must be less than or equal to memory_static_max");
		r = -EINVAL;
	}
	free(max);
	if (r)
		return r;
	args = json_object_new_object();
	json_object_object_add(args, "value",
			       json_object_new_int64((int64_t)(kb * 1024)));
	r = xlrt_domain_qmp_run(domid, "balloon", args, NULL, err, errlen);
	json_object_put(args);
	snprintf(val, sizeof(val), "%" PRIu64, kb);
	if (!r)
		r = dom_write(xs, domid, "memory/target", val, err, errlen);
	if (!r)
		xlrt_log("domain %u: memory target %" PRIu64 " KiB", domid, kb);
	return r;
}

int xlrt_domain_set_maxmem(struct xs_handle *xs, unsigned int domid,
			   uint64_t kb, char *err, size_t errlen)
{
	uint64_t ram = 0;
	char val[32];
	int r = guest(domid, "set the maximum memory of", err, errlen);

	if (!r)
		r = qemu_ram_kb(domid, &ram, err, errlen);
	if (r)
		return r;
	if (kb > ram) {
		snprintf(err, errlen, "domain %u's device model was started with %" PRIu64
			 " MiB of RAM (maxmem); KVM cannot raise the maximum past it",
			 domid, ram / 1024);
		return -EOPNOTSUPP;
	}
	snprintf(val, sizeof(val), "%" PRIu64, kb);
	r = dom_write(xs, domid, "memory/static-max", val, err, errlen);
	if (!r)
		xlrt_log("domain %u: static max memory %" PRIu64 " KiB", domid, kb);
	return r;
}
