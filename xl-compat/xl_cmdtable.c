/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl_cmdtable.c: every xl command, in `xl help''s order: its function, its
 * options and operand counts (xl.c parses them), whether it takes the
 * global -N, its summary and usage (Xen 4.17's text where Xen has the
 * command); last, Xen's hypervisor commands, each with why KVM refuses it.
 */
#include <stddef.h>

#include "xl.h"

static const struct option create_lo[] = {
	{ "defconfig", required_argument, NULL, 'f' },
	{ "dryrun", no_argument, NULL, 'n' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "vncviewer", no_argument, NULL, 'V' },
	{ "vncviewer-autopass", no_argument, NULL, 'A' },
	{ "ignore-global-affinity-masks", no_argument, NULL, 'i' },
	{ NULL, 0, NULL, 0 },
};

static const struct option vcpu_pin_lo[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "ignore-global-affinity-masks", no_argument, NULL, 'i' },
	{ NULL, 0, NULL, 0 },
};

static const struct option vncviewer_lo[] = {
	{ "autopass", no_argument, NULL, 'a' },
	{ "vncviewer-autopass", no_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 },
};

static const struct option list_lo[] = {
	{ "long", no_argument, NULL, 'l' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "context", no_argument, NULL, 'Z' },
	{ "cpupool", no_argument, NULL, 'c' },
	{ "numa", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

static const struct option info_lo[] = {
	{ "numa", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

static const struct option migrate_lo[] = {
	{ "direct", required_argument, NULL, 'D' },
	{ "debug", no_argument, NULL, 'g' },
	{ NULL, 0, NULL, 0 },
};

static const struct option migrate_receive_lo[] = {
	{ "listen", required_argument, NULL, 'L' },
	{ NULL, 0, NULL, 0 },
};

static const struct option pci_assignable_add_lo[] = {
	{ "name", required_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

static const struct option pci_assignable_list_lo[] = {
	{ "show-names", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 },
};

#define MEM_SIZE "<MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>"

const struct xl_cmd xl_cmdtable[] = {
	{ "create", main_create, "AFVcdef:inpq", create_lo, 0, XL_MANY,
	  XL_DRYRUN | XL_FILE_FIRST,
	  "Create a domain from config file <filename>",
	  "create <ConfigFile> [options] [vars]\n\n"
	  "Options:\n\n"
	  "-h                      Print this help.\n"
	  "-p                      Leave the domain paused once it is created.\n"
	  "-c                      Attach to its primary console once created.\n"
	  "-F                      Stay in the foreground until no domain of\n"
	  "                        this name is left (restarts included).\n"
	  "-f FILE, --defconfig=FILE\n"
	  "                        The config file (instead of <ConfigFile>).\n"
	  "-n, --dryrun            Check and print the config as JSON, as -N.\n"
	  "-q, --quiet             Print no notices.\n"
	  "-V, --vncviewer         Start a VNC viewer on the domain's display.\n"
	  "-A, --vncviewer-autopass\n"
	  "                        The same, with the password on its stdin.\n"
	  "-e, -d                  Accepted; they change nothing here (xl\n"
	  "                        says so).\n"
	  "-i, --ignore-global-affinity-masks\n"
	  "                        Ignore xl.conf's vm.cpumask and\n"
	  "                        vm.hvm/pv.cpumask.\n"
	  "[vars]                  key=value settings after the file's.", NULL },
	{ "block-attach", main_block_attach, "", NULL, 2, XL_MANY, XL_DRYRUN,
	  "Create a new virtual block device",
	  "block-attach <Domain> <disk-spec-component(s)>...", NULL },
	{ "network-attach", main_network_attach, "", NULL, 1, XL_MANY, XL_DRYRUN,
	  "Create a new network device",
	  "network-attach <Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>]", NULL },
	{ "list", main_list, "lvZcn", list_lo, 0, XL_MANY, 0,
	  "List information about all/some domains",
	  "list [options] [Domain]\n\n"
	  "-l, --long              Output all VM details\n"
	  "-v, --verbose           Prints out UUIDs and security context", NULL },
	{ "destroy", main_destroy, "f", NULL, 1, 1, 0,
	  "Terminate a domain immediately",
	  "destroy [options] <Domain>\n\n"
	  "-f                      Permit destroying domain 0", NULL },
	{ "shutdown", main_shutdown, "awF", NULL, 0, 1, 0,
	  "Issue a shutdown signal to a domain",
	  "shutdown [options] <-a|Domain>\n\n"
	  "-a, --all               Shutdown all guest domains.\n"
	  "-h                      Print this help.\n"
	  "-F                      Fallback to ACPI power event for HVM guests with\n"
	  "                        no PV drivers.\n"
	  "-w, --wait              Wait for guest(s) to shutdown.", NULL },
	{ "reboot", main_reboot, "awF", NULL, 0, 1, 0,
	  "Issue a reboot signal to a domain",
	  "reboot [options] <-a|Domain>\n\n"
	  "-a, --all               Reboot all guest domains.\n"
	  "-h                      Print this help.\n"
	  "-F                      Fallback to ACPI reset event for HVM guests with\n"
	  "                        no PV drivers.\n"
	  "-w, --wait              Wait for guest(s) to reboot.", NULL },
	{ "pause", main_pause, "", NULL, 1, 1, 0,
	  "Pause execution of a domain", "pause <Domain>", NULL },
	{ "unpause", main_unpause, "", NULL, 1, 1, 0,
	  "Unpause a paused domain", "unpause <Domain>", NULL },
	{ "console", main_console, "t:n:", NULL, 1, 1, 0,
	  "Attach to domain's console",
	  "console [options] <Domain>\n"
	  "-t <type>       console type, pv , serial or vuart\n"
	  "                (vuart is Arm's and is refused; no -t: the primary\n"
	  "                console, serial for HVM, pv for PV and PVH)\n"
	  "-n <number>     console number", NULL },
	{ "vncviewer", main_vncviewer, "a", vncviewer_lo, 1, 1, 0,
	  "Attach to domain's VNC server",
	  "vncviewer [options] <Domain>\n"
	  "--autopass               Pass VNC password to viewer via stdin and\n"
	  "                         -autopass\n"
	  "--vncviewer-autopass     (consistency alias for --autopass)", NULL },
	{ "info", main_info, "n", info_lo, 0, XL_MANY, 0,
	  "Get information about Xen host",
	  "info [-n|--numa]\n\n"
	  "-n, --numa         List host NUMA topology information", NULL },
	{ "dmesg", main_dmesg, "c", NULL, 0, XL_MANY, 0,
	  "Read and/or clear dmesg buffer",
	  "dmesg [-c]\n\n  -c                        Clear dmesg buffer as well as printing it", NULL },
	{ "domid", main_domid, "", NULL, 1, XL_MANY, 0,
	  "Convert a domain name to domain id", "domid <DomainName>", NULL },
	{ "domname", main_domname, "", NULL, 1, XL_MANY, 0,
	  "Convert a domain id to domain name", "domname <DomainId>", NULL },
	{ "rename", main_rename, "", NULL, 2, XL_MANY, 0,
	  "Rename a domain", "rename <Domain> <NewDomainName>", NULL },
	{ "uptime", main_uptime, "s", NULL, 0, XL_MANY, 0,
	  "Print uptime for all/some domains", "uptime [-s] [Domain]", NULL },
	{ "sysrq", main_sysrq, "", NULL, 2, XL_MANY, 0,
	  "Send a sysrq to a domain", "sysrq <Domain> <letter>", NULL },
	{ "trigger", main_trigger, "", NULL, 2, XL_MANY, 0,
	  "Send a trigger to a domain",
	  "trigger <Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]", NULL },
	{ "dump-core", main_dump_core, "", NULL, 2, 2, 0,
	  "Core dump a domain",
	  "dump-core <Domain> <filename>\n\n"
	  "The core is an ELF file of the guest's memory (QEMU's\n"
	  "dump-guest-memory), which gdb and crash read.", NULL },
	{ "vm-list", main_vm_list, "", NULL, 0, 0, 0,
	  "List guest domains, excluding dom0, stubdoms, etc.",
	  "vm-list", NULL },
	{ "cd-insert", main_cd_insert, "", NULL, 3, 3, 0,
	  "Insert a cdrom into a guest's cd drive",
	  "cd-insert <Domain> <VirtualDevice> <path>", NULL },
	{ "cd-eject", main_cd_eject, "", NULL, 2, 2, 0,
	  "Eject a cdrom from a guest's cd drive",
	  "cd-eject <Domain> <VirtualDevice>", NULL },
	{ "button-press", main_button_press, "", NULL, 2, 2, 0,
	  "Indicate an ACPI button press to the domain",
	  "button-press <Domain> <Button>\n\n"
	  "<Button> may be 'power' or 'sleep'.", NULL },
	{ "qemu-monitor-command", main_qemu_monitor_command, "", NULL, 2,
	  XL_MANY, 0,
	  "Issue a qemu monitor command to the device model of a domain",
	  "qemu-monitor-command <Domain> <Command>", NULL },
	{ "vcpu-list", main_vcpu_list, "", NULL, 0, XL_MANY, 0,
	  "List the VCPUs for all/some domains", "vcpu-list [Domain, ...]", NULL },
	{ "vcpu-pin", main_vcpu_pin, "fi", vcpu_pin_lo, 3, XL_MANY, 0,
	  "Set which CPUs a VCPU can use",
	  "vcpu-pin [option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>\n\n"
	  "-f, --force        undo an override pinning done by the kernel\n"
	  "-i, --ignore-global-affinity-masks\n"
	  "                   do not AND the hard affinity with xl.conf's vm.cpumask", NULL },
	{ "vcpu-set", main_vcpu_set, "i", NULL, 2, XL_MANY, 0,
	  "Set the number of active VCPUs allowed for the domain",
	  "vcpu-set [option] <Domain> <vCPUs>\n\n"
	  "-i, --ignore-host  Don't limit the vCPU based on the host CPU count", NULL },
	{ "mem-set", main_mem_set, "", NULL, 2, XL_MANY, 0,
	  "Set the current memory usage for a domain",
	  "mem-set <Domain> " MEM_SIZE, NULL },
	{ "mem-max", main_mem_max, "", NULL, 2, XL_MANY, 0,
	  "Set the maximum amount reservation for a domain",
	  "mem-max <Domain> " MEM_SIZE, NULL },
	{ "save", main_save, "cp", NULL, 2, 3, 0,
	  "Save a domain state to restore later",
	  "save [options] <Domain> <CheckpointFile> [<ConfigFile>]\n\n"
	  "-h  Print this help.\n"
	  "-c  Leave domain running after creating the snapshot.\n"
	  "-p  Leave domain paused after creating the snapshot.", NULL },
	{ "restore", main_restore, "pedVA", NULL, 1, 2, 0,
	  "Restore a domain from a saved state",
	  "restore [options] [<ConfigFile>] <CheckpointFile>\n\n"
	  "-h                       Print this help.\n"
	  "-p                       Do not unpause domain after restoring it.\n"
	  "-e                       Do not wait in the background for the death of the domain.\n"
	  "-d                       Enable debug messages.\n"
	  "-V, --vncviewer          Connect to the VNC display after the domain is created.\n"
	  "-A, --vncviewer-autopass Pass VNC password to viewer via stdin.", NULL },
	{ "migrate", main_migrate, "s:eC:Fp", migrate_lo, 2, 2, 0,
	  "Migrate a domain to another host",
	  "migrate [options] <Domain> <host>\n\n"
	  "-h              Print this help.\n"
	  "-s <sshcommand> Use <sshcommand> instead of ssh.  String will be passed\n"
	  "                to sh. If empty, run <host> instead of ssh <host> xl\n"
	  "                migrate-receive [-p]\n"
	  "-p              Leave the domain paused on the target.\n"
	  "-e, --debug     Accepted; they change nothing here (xl says so).\n"
	  "--direct HOST:PORT  Send over one TCP connection to\n"
	  "                `xl migrate-receive --listen [ADDR]:PORT' on the target\n"
	  "                (unencrypted, unauthenticated: trusted networks only)", NULL },
	{ "migrate-receive", main_migrate_receive, "pedr", migrate_receive_lo,
	  0, XL_MANY, 0,
	  "Receive a domain migrated with xl migrate",
	  "migrate-receive [-p] [--listen [ADDR]:PORT]\n\n"
	  "Reads the stream on stdin and answers on stdout (as ssh runs it), or\n"
	  "accepts one TCP connection with --listen.\n"
	  "-p  Leave the domain paused once received.", NULL },
	{ "block-detach", main_block_detach, "f", NULL, 2, XL_MANY, 0,
	  "Destroy a domain's virtual block device",
	  "block-detach <Domain> <DevId>\n\n"
	  "<DevId> may be the device index or the device name as it is seen by the guest", NULL },
	{ "block-list", main_block_list, "", NULL, 1, XL_MANY, 0,
	  "List virtual block devices for a domain", "block-list <Domain(s)>", NULL },
	{ "network-list", main_network_list, "", NULL, 1, XL_MANY, 0,
	  "List virtual network interfaces for a domain",
	  "network-list <Domain(s)>", NULL },
	{ "network-detach", main_network_detach, "", NULL, 2, 2, 0,
	  "Destroy a domain's virtual network device",
	  "network-detach <Domain> <DevId|mac>", NULL },
	{ "top", main_top, "bi:d:fnxrv", NULL, 0, XL_MANY, 0,
	  "Monitor a host and the domains in real time",
	  "top [-b] [-i ITERATIONS] [-d SECONDS]\n\n"
	  "-b  batch mode: no screen control, for scripts\n"
	  "-i  stop after ITERATIONS tables\n"
	  "-d  SECONDS between tables (default 3)", NULL },
	{ "channel-list", main_channel_list, "", NULL, 1, XL_MANY, 0,
	  "List virtual channel devices for a domain",
	  "channel-list <Domain(s)>", NULL },
	{ "pci-attach", main_pci_attach, "", NULL, 2, 2, 0,
	  "Insert a new pass-through pci device",
	  "pci-attach <Domain> <PCI_SPEC_STRING>", NULL },
	{ "pci-detach", main_pci_detach, "f", NULL, 2, 2, 0,
	  "Remove a domain's pass-through pci device",
	  "pci-detach [-f] <Domain> <PCI_SPEC_STRING>\n\n"
	  "-f  the same as without: KVM has no forced unplug, the guest must let go", NULL },
	{ "pci-list", main_pci_list, "", NULL, 1, 1, 0,
	  "List pass-through pci devices for a domain", "pci-list <Domain>", NULL },
	{ "pci-assignable-add", main_pci_assignable_add, "n:",
	  pci_assignable_add_lo, 1, 1, 0,
	  "Make a device assignable for pci-passthru",
	  "pci-assignable-add [options] <BDF>\n\n"
	  "-n NAME, --name=NAME    Name the assignable device.\n"
	  "-h                      Print this help.", NULL },
	{ "pci-assignable-remove", main_pci_assignable_remove, "r", NULL, 1, 1,
	  0, "Remove a device from being assignable",
	  "pci-assignable-remove [options] <BDF>|NAME\n\n"
	  "-h                      Print this help.\n"
	  "-r                      Attempt to re-assign the device to the\n"
	  "                        original driver.", NULL },
	{ "pci-assignable-list", main_pci_assignable_list, "n",
	  pci_assignable_list_lo, 0, 0, 0,
	  "List all the assignable pci devices",
	  "pci-assignable-list [options]\n\n"
	  "-h                      Print this help.\n"
	  "-n, --show-names        Display assignable device names where\n"
	  "                        supplied.", NULL },
	{ "usbctrl-attach", main_usbctrl_attach, "", NULL, 1, XL_MANY, 0,
	  "Create a virtual USB controller for a domain",
	  "usbctrl-attach <Domain> [type=pv] [version=<version>] [ports=<number>]", NULL },
	{ "usbctrl-detach", main_usbctrl_detach, "", NULL, 2, 2, 0,
	  "Remove the virtual USB controller specified by <DevId> for a domain",
	  "usbctrl-detach <Domain> <DevId>", NULL },
	{ "usbdev-attach", main_usbdev_attach, "", NULL, 2, XL_MANY, 0,
	  "Attach a USB device to a domain",
	  "usbdev-attach <Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> [port=<port>]]", NULL },
	{ "usbdev-detach", main_usbdev_detach, "", NULL, 3, 3, 0,
	  "Detach a USB device from a domain",
	  "usbdev-detach <Domain> <controller> <port>", NULL },
	{ "usb-list", main_usb_list, "", NULL, 1, 1, 0,
	  "List information about all USB controllers and devices for a domain",
	  "usb-list <Domain>", NULL },
	/* Xen hypervisor commands: a refusal each (xl.c) */
	{ "sharing", NULL, "", NULL, 0, XL_MANY, 0,
	  "List count of shared pages",
	  "sharing [Domain]",
	  "page sharing is a Xen memory feature; on Linux the host's KSM shares pages" },
	{ "sched-rtds", NULL, "", NULL, 0, XL_MANY, 0,
	  "Get/set rtds scheduler parameters",
	  "sched-rtds [options]",
	  "RTDS is a Xen scheduler; KVM vCPUs are host threads under Linux's scheduler" },
	{ "debug-keys", NULL, "", NULL, 0, XL_MANY, 0,
	  "Send debug keys to Xen",
	  "debug-keys <Keys>",
	  "debug keys ask Xen's console for hypervisor state; the host's own is Linux's magic SysRq (xl sysrq reaches a guest's)" },
	{ "set-parameters", NULL, "", NULL, 0, XL_MANY, 0,
	  "Set hypervisor parameters",
	  "set-parameters <Params>",
	  "it sets Xen's own run-time parameters and there is no Xen hypervisor here" },
	{ "vtpm-attach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Create a new virtual TPM device",
	  "vtpm-attach <Domain> [uuid=<uuid>] [backend=<BackDomain>]",
	  "a Xen vTPM is a stub domain serving the guest's tpmfront; xen-kvm has none" },
	{ "vtpm-list", NULL, "", NULL, 0, XL_MANY, 0,
	  "List virtual TPM devices for a domain",
	  "vtpm-list <Domain(s)>",
	  "a Xen vTPM is a stub domain serving the guest's tpmfront; xen-kvm has none" },
	{ "vtpm-detach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Destroy a domain's virtual TPM device",
	  "vtpm-detach <Domain> <DevId|uuid>",
	  "a Xen vTPM is a stub domain serving the guest's tpmfront; xen-kvm has none" },
	{ "vkb-attach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Create a new virtual keyboard device",
	  "vkb-attach <Domain> <vkb-spec-component(s)>",
	  "PV keyboards need a Xen vkbd backend, which does not exist on KVM" },
	{ "vkb-list", NULL, "", NULL, 0, XL_MANY, 0,
	  "List virtual keyboard devices for a domain",
	  "vkb-list <Domain(s)>",
	  "PV keyboards need a Xen vkbd backend, which does not exist on KVM" },
	{ "vkb-detach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Destroy a domain's virtual keyboard device",
	  "vkb-detach <Domain> <DevId>",
	  "PV keyboards need a Xen vkbd backend, which does not exist on KVM" },
	{ "vdispl-attach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Create a new virtual display device",
	  "vdispl-attach <Domain> <vdispl-spec-component(s)>",
	  "PV displays need a Xen displif backend, which does not exist on KVM" },
	{ "vdispl-list", NULL, "", NULL, 0, XL_MANY, 0,
	  "List virtual display devices for a domain",
	  "vdispl-list <Domain(s)>",
	  "PV displays need a Xen displif backend, which does not exist on KVM" },
	{ "vdispl-detach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Destroy a domain's virtual display device",
	  "vdispl-detach <Domain> <DevId>",
	  "PV displays need a Xen displif backend, which does not exist on KVM" },
	{ "vsnd-attach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Create a new virtual sound device",
	  "vsnd-attach <Domain> <vsnd-spec-component(s)>",
	  "PV sound needs a Xen sndif backend, which does not exist on KVM" },
	{ "vsnd-list", NULL, "", NULL, 0, XL_MANY, 0,
	  "List virtual sound devices for a domain",
	  "vsnd-list <Domain(s)>",
	  "PV sound needs a Xen sndif backend, which does not exist on KVM" },
	{ "vsnd-detach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Destroy a domain's virtual sound device",
	  "vsnd-detach <Domain> <DevId>",
	  "PV sound needs a Xen sndif backend, which does not exist on KVM" },
	{ "claims", NULL, "", NULL, 0, XL_MANY, 0,
	  "List outstanding claim information about all domains",
	  "claims",
	  "memory claims reserve Xen heap pages for a domain being built; a KVM guest takes host memory as it touches it" },
	{ "cpupool-create", NULL, "", NULL, 0, XL_MANY, 0,
	  "Create a new CPU pool",
	  "cpupool-create [options] [<ConfigFile>] [Variable=value ...]",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-list", NULL, "", NULL, 0, XL_MANY, 0,
	  "List CPU pools on host",
	  "cpupool-list [-c|--cpus] [<CPU Pool>]",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-destroy", NULL, "", NULL, 0, XL_MANY, 0,
	  "Deactivates a CPU pool",
	  "cpupool-destroy <CPU Pool>",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-rename", NULL, "", NULL, 0, XL_MANY, 0,
	  "Renames a CPU pool",
	  "cpupool-rename <CPU Pool> <new name>",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-cpu-add", NULL, "", NULL, 0, XL_MANY, 0,
	  "Adds a CPU to a CPU pool",
	  "cpupool-cpu-add <CPU Pool> <CPU nr>|node:<node nr>",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-cpu-remove", NULL, "", NULL, 0, XL_MANY, 0,
	  "Removes a CPU from a CPU pool",
	  "cpupool-cpu-remove <CPU Pool> <CPU nr>|node:<node nr>",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-migrate", NULL, "", NULL, 0, XL_MANY, 0,
	  "Moves a domain into a CPU pool",
	  "cpupool-migrate <Domain> <CPU Pool>",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "cpupool-numa-split", NULL, "", NULL, 0, XL_MANY, 0,
	  "Splits up the machine into one CPU pool per NUMA node",
	  "cpupool-numa-split",
	  "cpupools partition Xen's physical CPUs between its schedulers; KVM vCPUs are host threads under Linux's scheduler (pin them with cpus= or vcpu-pin)" },
	{ "getenforce", NULL, "", NULL, 0, XL_MANY, 0,
	  "Returns the current enforcing mode of the Flask Xen security module",
	  "getenforce",
	  "XSM/FLASK is Xen's security module; no FLASK policy exists on KVM" },
	{ "setenforce", NULL, "", NULL, 0, XL_MANY, 0,
	  "Sets the current enforcing mode of the Flask Xen security module",
	  "setenforce <1|0|Enforcing|Permissive>",
	  "XSM/FLASK is Xen's security module; no FLASK policy exists on KVM" },
	{ "loadpolicy", NULL, "", NULL, 0, XL_MANY, 0,
	  "Loads a new policy into the Flask Xen security module",
	  "loadpolicy <policy file>",
	  "XSM/FLASK is Xen's security module; no FLASK policy exists on KVM" },
	{ "remus", NULL, "", NULL, 0, XL_MANY, 0,
	  "Enable Remus HA or COLO HA for domain",
	  "remus [options] <Domain> [<host>]",
	  "Remus and COLO checkpoint a domain through Xen's log-dirty memory tracking, which KVM's migration does not offer as a continuous stream here" },
	{ "devd", NULL, "", NULL, 0, XL_MANY, 0,
	  "Daemon that listens for devices and launches backends",
	  "devd [options]",
	  "it runs a Xen driver domain's backends, and KVM has no driver domains" },
	{ "psr-hwinfo", NULL, "", NULL, 0, XL_MANY, 0,
	  "Show hardware information for Platform Shared Resource",
	  "psr-hwinfo [options]",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-cmt-attach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Attach Cache Monitoring Technology service to a domain",
	  "psr-cmt-attach <Domain>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-cmt-detach", NULL, "", NULL, 0, XL_MANY, 0,
	  "Detach Cache Monitoring Technology service from a domain",
	  "psr-cmt-detach <Domain>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-cmt-show", NULL, "", NULL, 0, XL_MANY, 0,
	  "Show Cache Monitoring Technology information",
	  "psr-cmt-show <PSR-CMT-Type> <Domain>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-cat-set", NULL, "", NULL, 0, XL_MANY, 0,
	  "Set Cache Allocation Technology Capacity Bitmasks",
	  "psr-cat-set [options] <Domain> <CBM>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-cat-show", NULL, "", NULL, 0, XL_MANY, 0,
	  "Show Cache Allocation Technology information",
	  "psr-cat-show [options] <Domain>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-mba-set", NULL, "", NULL, 0, XL_MANY, 0,
	  "Set throttling value (THRTL) for a domain",
	  "psr-mba-set [options] <Domain> <THRTL>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ "psr-mba-show", NULL, "", NULL, 0, XL_MANY, 0,
	  "Show Memory Bandwidth Allocation information",
	  "psr-mba-show [options] <Domain>",
	  "Intel RDT monitoring and allocation is Xen's to manage for its domains; on Linux the host's resctrl file system manages it" },
	{ NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL },
};
