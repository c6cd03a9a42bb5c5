/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_dom.c: what the commands share about domains (xl_dom.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "xl_dom.h"
#include "dm_confine.h"
#include "domstate.h"
#include "liveness.h"
#include "logring.h"
#include "xs_path.h"

struct xs_handle *xl_xs(void)
{
	char err[512];
	struct xs_handle *xs = xlrt_xs_open(err, sizeof(err));

	if (!xs)
		fprintf(stderr, "xl: %s\n", err);
	return xs;
}

int xl_domid(struct xs_handle *xs, const char *q, unsigned int flags,
	     unsigned int *domid)
{
	char err[256], *end;
	unsigned long v;

	if (!xlrt_domain_lookup(xs, q, domid, err, sizeof(err)))
		return 0;
	if (flags & XL_DOM_NUMBER) {
		v = strtoul(q, &end, 10);
		if (*q && !*end && v < 0x7ff0) {
			*domid = (unsigned int)v;
			return 0;
		}
		snprintf(err, sizeof(err), "%s is an invalid domain identifier",
			 q);
	}
	fprintf(stderr, "%s\n", err);
	return -1;
}

int xl_dom_qmp(unsigned int domid, struct xlrt_qmp **q)
{
	char err[512];

	if (domid == 0) {
		fprintf(stderr, "xl: domain 0 is the host: it has no device model\n");
		return -1;
	}
	if (xlrt_domain_qmp(domid, 5000, q, err, sizeof(err))) {
		fprintf(stderr, "xl: cannot reach the device model of domain %u: %s\n",
			domid, err);
		return -1;
	}
	return 0;
}

int xl_qmp_run(struct xlrt_qmp *q, const char *cmd, json_object *args,
	       json_object **ret)
{
	if (xlrt_qmp_execute(q, cmd, args, ret, 30000)) {
		fprintf(stderr, "xl: %s\n", xlrt_qmp_strerror(q));
		return -1;
	}
	return 0;
}

/* How long a guest may take to acknowledge an unplug (ACPI eject). */
#define UNPLUG_WAIT_MS 10000

/* Is QEMU device id still among the user-created ones? */
static bool qdev_present(struct xlrt_qmp *q, const char *id)
{
	json_object *args = json_object_new_object(), *ret = NULL, *v;
	bool present = true;
	size_t i;

	json_object_object_add(args, "path",
			       json_object_new_string("/machine/peripheral"));
	if (!xlrt_qmp_execute(q, "qom-list", args, &ret, 5000)) {
		present = false;
		for (i = 0; i < json_object_array_length(ret); i++)
			if (json_object_object_get_ex(
				    json_object_array_get_idx(ret, i), "name", &v) &&
			    !strcmp(json_object_get_string(v), id))
				present = true;
	}
	json_object_put(args);
	json_object_put(ret);
	return present;
}

int xl_qmp_unplug(struct xlrt_qmp *q, const char *const *ids, int n)
{
	struct xlrt_qmp_event *ev = NULL;
	json_object *args, *v;
	int r, left = n, i, waited;
	bool gone[8] = { false };

	if (n < 1 || n > 8)
		return -1;
	args = json_object_new_object();
	json_object_object_add(args, "id", json_object_new_string(ids[0]));
	r = xl_qmp_run(q, "device_del", args, NULL);
	json_object_put(args);
	if (r)
		return -1;
	/* DEVICE_DELETED comes when QEMU frees the device, and a qemu-xhci
	 * that had a device plugged in is unplugged without ever being freed
	 * (QEMU 10), so each pause without the event also asks QEMU whether
	 * the device is still there */
	for (waited = 0; left && waited < UNPLUG_WAIT_MS; waited += 200) {
		r = xlrt_qmp_wait_event(q, "DEVICE_DELETED", 200, &ev);
		if (r == -ETIMEDOUT) {
			for (i = 0; i < n; i++)
				if (!gone[i] && !qdev_present(q, ids[i])) {
					gone[i] = true;
					left--;
				}
			continue;
		}
		if (r)
			break;
		for (i = 0; i < n; i++)
			if (!gone[i] &&
			    json_object_object_get_ex(ev->data, "device", &v) &&
			    !strcmp(json_object_get_string(v), ids[i])) {
				gone[i] = true;
				left--;
			}
		xlrt_qmp_event_free(ev);
	}
	if (left) {
		fprintf(stderr, "xl: the guest did not release %s within %d s\n",
			ids[0], UNPLUG_WAIT_MS / 1000);
		return -1;
	}
	return 0;
}

int xl_xs_dom_write(struct xs_handle *xs, unsigned int domid, const char *rel,
		    const char *val)
{
	char path[256];
	int r = xlrt_xs_dom_write(xs, XBT_NULL, domid, rel, val);

	if (r) {
		xlrt_xs_dom_path(path, sizeof(path), domid, "%s", rel);
		fprintf(stderr, "xl: cannot write %s: %s\n", path, strerror(-r));
		return -1;
	}
	return 0;
}

int xl_xs_int(struct xs_handle *xs, const char *dir, const char *key)
{
	char path[512], *v;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	v = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
	n = v ? atoi(v) : -1;
	free(v);
	return n;
}

enum xlm_domain_type xl_dom_type(struct xs_handle *xs, unsigned int domid)
{
	char path[64], *v;
	enum xlm_domain_type t = XLM_TYPE_PVH;

	snprintf(path, sizeof(path), "/libxl/%u/type", domid);
	v = xs_read(xs, XBT_NULL, path, &(unsigned int){ 0 });
	if (v && !strcmp(v, "hvm"))
		t = XLM_TYPE_HVM;
	else if (v && !strcmp(v, "pv"))
		t = XLM_TYPE_PV;
	free(v);
	return t;
}

void xl_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* The saved config's c_info.name follows the rename, as libxl does. */
static void rename_config(unsigned int domid, const char *name)
{
	char path[4096];
	json_object *cfg, *ci;

	if (xlrt_domain_config_path(domid, path, sizeof(path)) ||
	    xlrt_domain_config(domid, &cfg))
		return;
	if (json_object_object_get_ex(cfg, "c_info", &ci))
		json_object_object_add(ci, "name", json_object_new_string(name));
	if (json_object_to_file_ext(path, cfg, JSON_C_TO_STRING_PRETTY))
		fprintf(stderr, "xl: cannot update %s\n", path);
	json_object_put(cfg);
}

/* libxl_domain_rename: name and /vm/<uuid>/name in one transaction. */
int xl_dom_rename(struct xs_handle *xs, unsigned int domid, const char *old,
		  const char *new)
{
	char path[256], *vm;
	unsigned int other;
	xs_transaction_t t;

	if (!xlrt_domain_lookup(xs, new, &other, NULL, 0) && other != domid) {
		fprintf(stderr, "libxl: error: domain with name \"%s\" already exists.\n",
			new);
		return -1;
	}
	vm = xlrt_xs_dom_read(xs, XBT_NULL, domid, "vm");
	for (;;) {
		t = xs_transaction_start(xs);
		if (!t)
			break;
		if (xlrt_xs_name_set(xs, t, domid, new))
			break;
		if (vm) {
			snprintf(path, sizeof(path), "%s/name", vm);
			if (!xs_write(xs, t, path, new, (unsigned int)strlen(new)))
				break;
		}
		if (xs_transaction_end(xs, t, false)) {
			free(vm);
			rename_config(domid, new);
			xlrt_log("domain %u renamed from %s to %s", domid, old, new);
			return 0;
		}
		if (errno != EAGAIN)
			break;
	}
	fprintf(stderr, "libxl: error: failed to write new name `%s' for domain %u: %m\n",
		new, domid);
	if (t)
		xs_transaction_end(xs, t, true);
	free(vm);
	return -1;
}

int xl_dom_need_privileged_qemu(unsigned int domid, const char *what)
{
	struct xlrt_domstate st;

	if (xlrt_domain_liveness(NULL, domid, &st) != XLRT_LIVE_RUNNING ||
	    !xlrt_dm_qemu_unprivileged(st.qemu_pid))
		return 0;
	fprintf(stderr, "xl: %s: domain %u's QEMU runs restricted "
		"(dm_restrict) and cannot open host devices once started: "
		"give the device in the domain's config, or set dm_restrict = "
		"0\n", what, domid);
	return -1;
}
