/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device-model command line: a pure function from a domain model (after
 * xlm_domain_setdefault) and a runtime environment (accelerator, domid) to
 * the options QEMU gets.  Nothing here touches the system: files it needs
 * (secrets) are listed for the caller to write.  See the "Device model"
 * section of xl-compat/runtime/README for the mapping.
 *
 * The launcher (qemu_proc.h) adds -qmp, -sandbox and the user switch; the
 * options built here never contain them.
 */
#ifndef XLRT_DM_ARGV_H
#define XLRT_DM_ARGV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accel.h"
#include "qemu_proc.h"
#include "xlmodel.h"

/* A growable, always NULL-terminated (v[n] == NULL) string vector. */
struct xlrt_argv {
	char **v;
	size_t n, cap;
};

int xlrt_argv_add(struct xlrt_argv *a, const char *s);	/* 0 or -ENOMEM */
int xlrt_argv_addf(struct xlrt_argv *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xlrt_argv_free(struct xlrt_argv *a);

struct xlrt_dm_env {
	enum xlrt_accel accel;		/* XEN, KVM or TCG; AUTO is refused */
	unsigned int domid;		/* > 0 */
	const char *qemu;		/* binary when the config has no
					 * device_model_override; NULL:
					 * xlrt_qemu_binary() */
	uint32_t vsock_cid;		/* a vhost-vsock device with this
					 * guest CID (guest_link.h); 0: none */
	bool pci_unexpanded;		/* the PCI specs' BB:DD.* and name=
					 * not expanded yet (xl's checks
					 * before create): passed over */
	bool migrating;			/* an incoming migration: socket
					 * channels listen in the domain dir
					 * until xlrt_chan_host_takeover() */
	bool fd_images;			/* disk images as /dev/fdset/N, for
					 * the launcher to open (dm.images):
					 * a restricted QEMU cannot */
};

/* A file the caller writes (mode 0600, in the domain dir) before QEMU
 * starts: the vnc/spice passwords QEMU reads through -object secret. */
struct xlrt_dm_file {
	char *path;
	char *data;
};

struct xlrt_dm {
	char *qemu;			/* binary to run: device_model_override,
					 * else env->qemu, else the default */
	struct xlrt_argv args;		/* options, without the binary */
	struct xlrt_dm_file *files;
	size_t num_files;
	struct xlrt_qemu_image *images;	/* env->fd_images: paths owned */
	size_t num_images;
	struct xlrt_argv warnings;	/* one line each, for the user */
	/* For the monitor: the balloon target to set once QMP is up (MiB;
	 * 0 when the guest starts at its full size). */
	unsigned long balloon_target_mib;
};

/*
 * Build the command line of domain d.  Returns 0, or a negative errno
 * with err holding one line that says why (e.g. a PV guest in xen mode
 * without a PV shim, a 9p share served by another domain).  On success
 * the caller frees dm with xlrt_dm_free(); on failure dm is already empty.
 */
int xlrt_dm_build(const struct xlm_domain *d, const struct xlrt_dm_env *env,
		  struct xlrt_dm *dm, char *err, size_t errlen);
void xlrt_dm_free(struct xlrt_dm *dm);

/*
 * Chardev ids in the command line, for the monitor (QMP query-chardev
 * gives a pty's name by id): "con0" is the domain console (hvc0),
 * "chan<i>" channel i, "link" the guest link, "ser<i>" serial port i
 * when the monitor relays it (serial.h).
 */
#define XLRT_DM_CHARDEV_CONSOLE	"con0"
#define XLRT_DM_CHARDEV_LINK	"link"
#define XLRT_DM_CHARDEV_CHANNEL	"chan%d"
#define XLRT_DM_CHARDEV_SERIAL	"ser%d"

/* The guest link's vhost-vsock device, when there is one. */
#define XLRT_DM_VSOCK_ID	"vsock0"

/* The guest link's virtio-serial port name (the agent opens it). */
#define XLRT_DM_LINK_PORT	"org.xenkvm.link"

#endif
