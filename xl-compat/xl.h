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
extern const struct xl_cmd xl_cmds_domain[];
extern const struct xl_cmd xl_cmds_info[];
extern const struct xl_cmd xl_cmds_misc[];
extern const struct xl_cmd xl_cmds_vcpu[];
extern const struct xl_cmd xl_cmds_mem[];
extern const struct xl_cmd xl_cmds_save[];
extern const struct xl_cmd xl_cmds_block[];
extern const struct xl_cmd xl_cmds_top[];
extern const struct xl_cmd xl_cmds_channel[];

/* xl create's runtime options (xl_cmd_domain.c starts the domain). */
struct xl_create_flags {
	int paused;		/* -p */
	int console;		/* -c */
	int foreground;		/* -F */
	int quiet;		/* -q */
	const char *config_text;	/* the config as parsed (xl save) */
	const char *incoming;	/* restore: QEMU -incoming URI */
};
int xl_create_run(struct xlm_domain *d, const struct xl_create_flags *f);
/* The config text as xl create parses it: file, then "\n<extra>\n"
 * (malloc'ed; NULL after a message). xl_cmd_save.c. */
char *xl_config_text(const char *file, const char *extra);
/* block-attach to a running domain (xl_cmd_block.c); an exit code. */
int xl_block_attach_live(unsigned int domid, const struct xlm_disk *k);

/* Prints "Usage: xl [-vfN] <usage>" and the summary for cmd. */
void xl_usage(const struct xl_cmd *cmd);
const struct xl_cmd *xl_cmd_find(const char *name);
/*
 * Domain qualifier to domid: a number as it is, a name looked up among
 * the live domains. Returns 0 or -1 after printing xl's message.
 */
int xl_domid(const char *qualifier, unsigned *domid);

#endif
