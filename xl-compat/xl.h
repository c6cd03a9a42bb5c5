/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl.h: what the xl front end's command files share: global options, the
 * loaded xl.conf and the command-table entry type. Each group of commands
 * lives in its own xl_cmd_*.c file and exports one table.
 */
#ifndef XL_H
#define XL_H

#include "xlconf.h"

struct xl_globals {
	int verbose;		/* -v, repeatable */
	int dryrun;		/* -N */
	int force;		/* -f */
	struct xlconf conf;
};
extern struct xl_globals xl;

struct xl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);	/* argv[0] is the command */
	int can_dryrun;
	const char *summary;
	const char *usage;
};

/* The groups; each table ends with an entry whose name is NULL. */
extern const struct xl_cmd xl_cmds_create[];
extern const struct xl_cmd xl_cmds_devattach[];

/* Prints "Usage: xl [-vfN] <usage>" and the summary for cmd. */
void xl_usage(const struct xl_cmd *cmd);
const struct xl_cmd *xl_cmd_find(const char *name);
/*
 * Domain qualifier to domid. Only numbers for now: names need the runtime.
 * Returns 0 or -1 after printing xl's message.
 */
int xl_domid(const char *qualifier, unsigned *domid);

#endif
