/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The domain's systemd scope (scope.h). systemd's StartTransientUnit
 * adopts a running process into a new scope unit; busctl (systemd's own
 * D-Bus client, present wherever systemd is) makes the call, so the
 * toolstack needs no D-Bus library. Its timeout bounds a bus that does
 * not answer.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "paths.h"
#include "scope.h"

extern char **environ;

int xlrt_scope_enter(unsigned int domid, pid_t pid, char *err, size_t len)
{
	char booted[4096], unit[64], pids[16], desc[64];
	char *argv[] = {
		"busctl", "--system", "--quiet", "--timeout=10", "call",
		"org.freedesktop.systemd1", "/org/freedesktop/systemd1",
		"org.freedesktop.systemd1.Manager", "StartTransientUnit",
		"ssa(sv)a(sa(sv))", unit, "fail", "4",
		"PIDs", "au", "1", pids,
		"Slice", "s", "machine.slice",
		"Before", "as", "1", "xendomains.service",
		"Description", "s", desc,
		"0", NULL
	};
	struct stat st;
	pid_t child;
	int status, rc;

	if (xlrt_path_systemd_booted(booted, sizeof(booted)) ||
	    lstat(booted, &st) || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(unit, sizeof(unit), "xen-kvm-dom%u.scope", domid);
	snprintf(pids, sizeof(pids), "%d", (int)pid);
	snprintf(desc, sizeof(desc), "xen-kvm domain %u", domid);
	rc = posix_spawnp(&child, "busctl", NULL, NULL, argv, environ);
	if (rc) {
		snprintf(err, len, "cannot run busctl: %s", strerror(rc));
		return -1;
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, len, "busctl: %s", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, len, "systemd did not make %s (busctl %s %d)",
			 unit, WIFEXITED(status) ? "exit" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status)
					   : WTERMSIG(status));
		return -1;
	}
	return 0;
}
