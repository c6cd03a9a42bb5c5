/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl.h: the xl front end's contract with its commands: the global options,
 * the loaded xl.conf, the command-table entry (xl_cmdtable.c holds the one
 * table) and what a command's function is given.  xl.c parses every
 * command's options and operands from its entry, answers -h/--help and
 * prints the usage, so a command's function only does the work.
 */
#ifndef XL_H
#define XL_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>

#include "xlconf.h"

struct xl_globals {
	int verbose;		/* -v, repeatable */
	int dryrun;		/* -N */
	int force;		/* -f */
	struct xlconf conf;
};
extern struct xl_globals xl;

struct xl_args;

/* One command.  The table ends with an entry whose name is NULL. */
struct xl_cmd {
	const char *name;
	int (*fn)(const struct xl_args *a);	/* an exit code or XL_EUSAGE */
	const char *opts;	/* getopt's short options; -h is implied */
	const struct option *longopts;	/* or NULL; --help is implied */
	int min, max;		/* operands after the options (XL_MANY: any) */
	unsigned int flags;	/* XL_DRYRUN, XL_FILE_FIRST */
	const char *summary;
	const char *usage;
	/* non-NULL (fn NULL): a command of Xen's hypervisor that KVM has no
	 * counterpart for, and why; xl says so and exits 1 */
	const char *refused;
};
extern const struct xl_cmd xl_cmdtable[];
#define XL_MANY INT_MAX
#define XL_DRYRUN 1u		/* accepts the global -N */
/* A config file may come before the options (xl create cfg -p): a first
 * word that is neither an option nor a k=v is taken out as a->file. */
#define XL_FILE_FIRST 2u

/* What a command's function gets once its options are parsed. */
struct xl_args {
	const struct xl_cmd *cmd;
	int argc;		/* the operands, options taken out */
	char **argv;
	const char *file;	/* XL_FILE_FIRST's file, or NULL */
	/* Each option's last value ("" for a flag), NULL if not given. */
	const char *opt[128];
};

/* A command function returns this to have xl print its usage and exit 2. */
#define XL_EUSAGE (-2)

/* Prints "Usage: xl [-vfN] <usage>" and the summary for cmd. */
void xl_usage(const struct xl_cmd *cmd);

/* The commands, one function each (xl_cmd_<group>.c). */
int main_create(const struct xl_args *a);
int main_list(const struct xl_args *a);
int main_destroy(const struct xl_args *a);
int main_shutdown(const struct xl_args *a);
int main_reboot(const struct xl_args *a);
int main_pause(const struct xl_args *a);
int main_unpause(const struct xl_args *a);
int main_console(const struct xl_args *a);
int main_vncviewer(const struct xl_args *a);
int main_save(const struct xl_args *a);
int main_restore(const struct xl_args *a);
int main_migrate(const struct xl_args *a);
int main_migrate_receive(const struct xl_args *a);
int main_info(const struct xl_args *a);
int main_dmesg(const struct xl_args *a);
int main_domid(const struct xl_args *a);
int main_domname(const struct xl_args *a);
int main_rename(const struct xl_args *a);
int main_uptime(const struct xl_args *a);
int main_sysrq(const struct xl_args *a);
int main_trigger(const struct xl_args *a);
int main_button_press(const struct xl_args *a);
int main_dump_core(const struct xl_args *a);
int main_vm_list(const struct xl_args *a);
int main_cd_insert(const struct xl_args *a);
int main_cd_eject(const struct xl_args *a);
int main_qemu_monitor_command(const struct xl_args *a);
int main_vcpu_list(const struct xl_args *a);
int main_vcpu_pin(const struct xl_args *a);
int main_vcpu_set(const struct xl_args *a);
int main_mem_set(const struct xl_args *a);
int main_mem_max(const struct xl_args *a);
int main_block_attach(const struct xl_args *a);
int main_block_detach(const struct xl_args *a);
int main_block_list(const struct xl_args *a);
int main_network_attach(const struct xl_args *a);
int main_network_detach(const struct xl_args *a);
int main_network_list(const struct xl_args *a);
int main_channel_list(const struct xl_args *a);
int main_top(const struct xl_args *a);
int main_pci_attach(const struct xl_args *a);
int main_pci_detach(const struct xl_args *a);
int main_pci_list(const struct xl_args *a);
int main_pci_assignable_add(const struct xl_args *a);
int main_pci_assignable_remove(const struct xl_args *a);
int main_pci_assignable_list(const struct xl_args *a);
int main_usbctrl_attach(const struct xl_args *a);
int main_usbctrl_detach(const struct xl_args *a);
int main_usbdev_attach(const struct xl_args *a);
int main_usbdev_detach(const struct xl_args *a);
int main_usb_list(const struct xl_args *a);

#endif
