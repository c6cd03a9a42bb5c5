/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The run state file (domstate.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domstate.h"
#include "fdio.h"
#include "paths.h"

static const char *const state_names[] = {
	[XLRT_RUN_STARTING] = "starting", [XLRT_RUN_RUNNING] = "running",
	[XLRT_RUN_PAUSED] = "paused", [XLRT_RUN_SHUTDOWN] = "shutdown",
	[XLRT_RUN_CRASHED] = "crashed", [XLRT_RUN_DYING] = "dying",
};

const char *xlrt_runstate_name(enum xlrt_runstate s)
{
	return (unsigned int)s < sizeof(state_names) / sizeof(state_names[0]) ?
	       state_names[s] : "?";
}

int xlrt_domstate_write(unsigned int domid, const struct xlrt_domstate *st)
{
	char path[4096], tmp[4200];
	FILE *f;
	int r = xlrt_path_dom_state(path, sizeof(path), domid);

	if (r)
		return r;
	f = xlrt_replace_open(path, 0644, tmp, sizeof(tmp));
	if (!f)
		return -errno;
	fprintf(f, "state=%s\nmonitor_pid=%d\nqemu_pid=%d\nstart_time=%lld\n"
		"shutdown_reason=%s\n", xlrt_runstate_name(st->state),
		(int)st->monitor_pid, (int)st->qemu_pid,
		(long long)st->start_time, st->shutdown_reason);
	return xlrt_replace_commit(f, tmp, path);
}

int xlrt_domstate_read(unsigned int domid, struct xlrt_domstate *st)
{
	char path[4096], line[256], *v;
	size_t i;
	FILE *f;
	int r = xlrt_path_dom_state(path, sizeof(path), domid);

	memset(st, 0, sizeof(*st));
	if (r)
		return r;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		v = strchr(line, '=');
		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "state")) {
			for (i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++)
				if (!strcmp(v, state_names[i]))
					st->state = (enum xlrt_runstate)i;
		} else if (!strcmp(line, "monitor_pid")) {
			st->monitor_pid = (pid_t)atoi(v);
		} else if (!strcmp(line, "qemu_pid")) {
			st->qemu_pid = (pid_t)atoi(v);
		} else if (!strcmp(line, "start_time")) {
			st->start_time = atoll(v);
		} else if (!strcmp(line, "shutdown_reason")) {
			snprintf(st->shutdown_reason, sizeof(st->shutdown_reason),
				 "%s", v);
		}
	}
	fclose(f);
	return 0;
}

unsigned int xlrt_shutdown_code(const char *reason)
{
	static const char *const reasons[] = { "poweroff", "reboot", "suspend",
					       "crash", "watchdog",
					       "soft_reset" };
	unsigned int k;

	for (k = 0; k < sizeof(reasons) / sizeof(reasons[0]); k++)
		if (!strcmp(reason, reasons[k]))
			return k;
	return 0;
}
