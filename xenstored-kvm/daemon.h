/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon around libxsd: options collected by main.c, and the event
 * loop with its sockets implemented in daemon.c.
 */
#ifndef XSD_DAEMON_H
#define XSD_DAEMON_H

#include <stdbool.h>
#include <stdio.h>

#include "xsd.h"

struct daemon_opts {
	const char *rundir;
	const char *state_dir;		/* NULL with --no-persist */
	const char *pid_file;
	const char *log_file;
	const char *trace_file;		/* -T */
	bool syslog;
	bool no_fork;
	bool output_pid;		/* -P: print the pid once serving */
	unsigned event_timeout;		/* s a domain may leave output unread */
	struct xsd_config cfg;
};

int daemon_log_level(const char *name);
int daemon_run(struct daemon_opts *o, int ready_fd);

#endif
