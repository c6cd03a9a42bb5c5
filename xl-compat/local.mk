# xl-compat: the xl config language and domain model (libxlcfg.a) and the
# xl front end. See xl-compat/README.

noinst_LIBRARIES += xl-compat/libxlcfg.a
xl_compat_libxlcfg_a_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
xl_compat_libxlcfg_a_SOURCES = \
	xl-compat/xlcfg.h xl-compat/cfg_internal.h xl-compat/xlmodel.h \
	xl-compat/xlconf.h \
	xl-compat/cfg_diag.c xl-compat/cfg_lex.c xl-compat/cfg_parse.c \
	xl-compat/cfg_get.c xl-compat/cfg_keys.c \
	xl-compat/spec_disk.c xl-compat/spec_vif.c xl-compat/spec_pci.c \
	xl-compat/spec_dev.c xl-compat/spec_cpus.c xl-compat/spec_cpuid.c \
	xl-compat/model.c xl-compat/model_build.c xl-compat/model_load.c xl-compat/model_defaults.c \
	xl-compat/model_json.c xl-compat/json_print.c xl-compat/xlconf.c

sbin_PROGRAMS += xl-compat/xl
xl_compat_xl_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(XENSTORE_CFLAGS)
xl_compat_xl_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/xl-compat \
	-I$(srcdir)/xl-compat/runtime
# the front end: the command table and its contract, the shared helpers,
# then one file per group of commands (see xl-compat/README)
xl_compat_xl_SOURCES = xl-compat/xl.h xl-compat/xl.c xl-compat/xl_cmdtable.c \
	xl-compat/xl_dom.h xl-compat/xl_dom.c \
	xl-compat/xl_fmt.h xl-compat/xl_fmt.c \
	xl-compat/xl_create.h xl-compat/xl_create.c \
	xl-compat/xl_console.h xl-compat/xl_console.c \
	xl-compat/xl_disk.h xl-compat/xl_disk.c \
	xl-compat/xl_cmd_create.c xl-compat/xl_cmd_domain.c \
	xl-compat/xl_cmd_info.c xl-compat/xl_cmd_misc.c \
	xl-compat/xl_cmd_vcpu.c xl-compat/xl_cmd_mem.c \
	xl-compat/xl_cmd_save.c xl-compat/xl_cmd_block.c \
	xl-compat/xl_cmd_network.c xl-compat/xl_cmd_channel.c \
	xl-compat/xl_cmd_pci.c xl-compat/xl_cmd_usb.c \
	xl-compat/xl_cmd_top.c
xl_compat_xl_LDADD = xl-compat/runtime/libxlrt.a $(XLRT_DOMAIN_LIBS)

EXTRA_DIST += xl-compat/README

# Xen's own disk/vif spec cases through xl -N, plus our w! cases
TESTS += tests/integration/xl/spec-cases.sh
EXTRA_DIST += tests/integration/xl/spec-cases.sh \
	tests/integration/xl/disk-cases.txt tests/integration/xl/vif-cases.txt \
	tests/integration/xl/disk-cases-ext.txt

# Differential test against Debian's libxlutil.so.4.17 (from libxen-dev,
# which configure already requires for xenstore)
check_PROGRAMS += tests/integration/xl/xlcfg-oracle
tests_integration_xl_xlcfg_oracle_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) \
	-I$(top_srcdir)/xl-compat
tests_integration_xl_xlcfg_oracle_SOURCES = tests/integration/xl/xlcfg-oracle.c
tests_integration_xl_xlcfg_oracle_LDADD = xl-compat/libxlcfg.a -lxlutil \
	-lxenlight $(JSONC_LIBS)
check_PROGRAMS += tests/integration/xl/model-oracle
tests_integration_xl_model_oracle_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) \
	-I$(top_srcdir)/xl-compat
tests_integration_xl_model_oracle_SOURCES = tests/integration/xl/model-oracle.c
tests_integration_xl_model_oracle_LDADD = xl-compat/libxlcfg.a -lxenlight \
	$(JSONC_LIBS)
TESTS += tests/integration/xl/oracle.sh
EXTRA_DIST += tests/integration/xl/oracle.sh \
	tests/integration/xl/configs/full-hvm.cfg \
	tests/integration/xl/configs/full-pv.cfg \
	tests/integration/xl/configs/full-pvh.cfg \
	tests/integration/xl/configs/full-pv.json \
	tests/integration/xl/configs/full-pvh.json \
	tests/integration/xl/configs/seed-sys-usb.cfg \
	tests/integration/xl/configs/seed-spice-qxl.cfg \
	tests/integration/xl/configs/seed-gtk-stdvga.cfg \
	tests/integration/xl/configs/seed-virtio-gpu.cfg \
	tests/integration/xl/configs/seed-pvh-modloop.cfg

# cmocka unit tests of the library
XLCFG_UNIT = tests/unit/xlcfg/test_cfg tests/unit/xlcfg/test_specs \
	tests/unit/xlcfg/test_model
check_PROGRAMS += $(XLCFG_UNIT)
TESTS += $(XLCFG_UNIT)
XLCFG_UNIT_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS) $(CMOCKA_CFLAGS) \
	-I$(top_srcdir)/xl-compat
XLCFG_UNIT_LDADD = xl-compat/libxlcfg.a $(JSONC_LIBS) $(CMOCKA_LIBS)
tests_unit_xlcfg_test_cfg_SOURCES = tests/unit/xlcfg/test_cfg.c
tests_unit_xlcfg_test_cfg_CFLAGS = $(XLCFG_UNIT_CFLAGS)
tests_unit_xlcfg_test_cfg_LDADD = $(XLCFG_UNIT_LDADD)
tests_unit_xlcfg_test_specs_SOURCES = tests/unit/xlcfg/test_specs.c
tests_unit_xlcfg_test_specs_CFLAGS = $(XLCFG_UNIT_CFLAGS)
tests_unit_xlcfg_test_specs_LDADD = $(XLCFG_UNIT_LDADD)
tests_unit_xlcfg_test_model_SOURCES = tests/unit/xlcfg/test_model.c
tests_unit_xlcfg_test_model_CFLAGS = $(XLCFG_UNIT_CFLAGS)
tests_unit_xlcfg_test_model_LDADD = $(XLCFG_UNIT_LDADD)

# the xl front end: seed configs to JSON, errors, warnings, xl.conf
TESTS += tests/integration/xl/xl-cli.sh
EXTRA_DIST += tests/integration/xl/xl-cli.sh \
	tests/integration/xl/configs/seed-sys-usb.json \
	tests/integration/xl/configs/seed-spice-qxl.json \
	tests/integration/xl/configs/seed-gtk-stdvga.json \
	tests/integration/xl/configs/seed-virtio-gpu.json \
	tests/integration/xl/configs/seed-pvh-modloop.json
# xl -N create makes create's checks: a table of refused and accepted configs
TESTS += tests/integration/xl/dry-run.sh
EXTRA_DIST += tests/integration/xl/dry-run.sh
# no silent no-ops: each key maps to a QEMU flag or warns at its line
TESTS += tests/integration/xl/silent-keys.sh
EXTRA_DIST += tests/integration/xl/silent-keys.sh
# xl.conf's vm.cpumask and its type masks on the domain's vCPUs
TESTS += tests/integration/xl/cpumask.sh
EXTRA_DIST += tests/integration/xl/cpumask.sh
# Xen's hypervisor commands: a refusal each; help for no such command
TESTS += tests/integration/xl/refused.sh
EXTRA_DIST += tests/integration/xl/refused.sh

# cmocka: Xen's output formats and input syntaxes (xl_fmt.c)
check_PROGRAMS += tests/unit/xlcmd/test_fmt
TESTS += tests/unit/xlcmd/test_fmt
tests_unit_xlcmd_test_fmt_SOURCES = tests/unit/xlcmd/test_fmt.c \
	xl-compat/xl_fmt.c
tests_unit_xlcmd_test_fmt_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JSONC_CFLAGS) -I$(top_srcdir)/xl-compat
tests_unit_xlcmd_test_fmt_LDADD = xl-compat/libxlcfg.a $(JSONC_LIBS) \
	$(CMOCKA_LIBS)

# end to end against a real guest (guest kit, TCG, private xenstored-kvm)
TESTS += tests/e2e/xlcmd-domain.sh tests/e2e/xl-create-opts.sh \
	tests/e2e/xl-migrate-ssh.sh
EXTRA_DIST += tests/e2e/xlcmd-domain.sh tests/e2e/xl-create-opts.sh \
	tests/e2e/xl-migrate-ssh.sh
# cd-insert/cd-eject and button-press on a real (paused) HVM domain
TESTS += tests/e2e/xl-cdrom.sh
EXTRA_DIST += tests/e2e/xl-cdrom.sh
# save -c, save, restore of PVH and HVM guests; restores that must fail
TESTS += tests/e2e/xl-save-restore.sh
EXTRA_DIST += tests/e2e/xl-save-restore.sh tests/lib/saveguest.sh

# make bench: parse time per line against a bare read loop
check_PROGRAMS += tests/bench/xl-parse-bench
tests_bench_xl_parse_bench_SOURCES = tests/bench/xl-parse-bench.c
tests_bench_xl_parse_bench_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/xl-compat
tests_bench_xl_parse_bench_LDADD = xl-compat/libxlcfg.a
BENCHMARKS += tests/bench/xl-parse.sh
EXTRA_DIST += tests/bench/xl-parse.sh

# xl(1)'s COMMANDS come from the command table itself (xl-man-commands)
MAN1 += xl-compat/xl.1
MAN5 += xl-compat/xl.cfg.5 xl-compat/xl.conf.5
EXTRA_DIST += xl-compat/xl.1.pod.in xl-compat/xl-man-commands \
	xl-compat/xl.cfg.5.pod xl-compat/xl.conf.5.pod
CLEANFILES += xl-compat/xl.1.pod
xl-compat/xl.1.pod: xl-compat/xl.1.pod.in xl-compat/xl-man-commands xl-compat/xl
	$(AM_V_GEN)$(SHELL) $(srcdir)/xl-compat/xl-man-commands xl-compat/xl > $@.cmds && \
	sed -e '/^@COMMANDS@$$/{r $@.cmds' -e 'd;}' $(srcdir)/xl-compat/xl.1.pod.in > $@ && \
	rm -f $@.cmds
