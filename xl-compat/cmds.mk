# xl-compat/cmds.mk: the host and domain commands beyond the lifecycle
# (info, dmesg, domid/domname/rename/uptime, sysrq, trigger,
# qemu-monitor-command, vcpu-*, mem-*, save/restore/migrate, block-*, top),
# their runtime pieces and tests. Included from xl-compat/local.mk.

xl_compat_xl_SOURCES += xl-compat/xl_fmt.h xl-compat/xl_fmt.c \
	xl-compat/xl_dom.h xl-compat/xl_dom.c \
	xl-compat/xl_cmd_info.c xl-compat/xl_cmd_misc.c \
	xl-compat/xl_cmd_vcpu.c xl-compat/xl_cmd_mem.c \
	xl-compat/xl_cmd_save.c xl-compat/xl_cmd_block.c \
	xl-compat/xl_cmd_top.c

# the toolstack's log ring (xl dmesg)
xl_compat_runtime_libxlrt_a_SOURCES += \
	xl-compat/runtime/logring.c xl-compat/runtime/logring.h \
	xl-compat/runtime/savefile.c xl-compat/runtime/savefile.h

# cmocka: Xen's output formats and input syntaxes (xl_fmt.c)
XLCMD_UNIT = tests/unit/xlcmd/test_fmt tests/unit/xlcmd/test_runtime
check_PROGRAMS += $(XLCMD_UNIT)
TESTS += $(XLCMD_UNIT)
tests_unit_xlcmd_test_fmt_SOURCES = tests/unit/xlcmd/test_fmt.c \
	xl-compat/xl_fmt.c
tests_unit_xlcmd_test_fmt_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) \
	$(JSONC_CFLAGS) -I$(top_srcdir)/xl-compat
tests_unit_xlcmd_test_fmt_LDADD = xl-compat/libxlcfg.a $(JSONC_LIBS) \
	$(CMOCKA_LIBS)
# the log ring and the save file header (libxlrt.a)
tests_unit_xlcmd_test_runtime_SOURCES = tests/unit/xlcmd/test_runtime.c
tests_unit_xlcmd_test_runtime_CPPFLAGS = $(XLRT_TEST_CPPFLAGS)
tests_unit_xlcmd_test_runtime_LDADD = $(XLRT_TEST_LIBS)

# end to end against a real guest (guest kit, TCG, private xenstored-kvm)
TESTS += tests/e2e/xlcmd-domain.sh
EXTRA_DIST += tests/e2e/xlcmd-domain.sh
TESTS += tests/e2e/xl-create-opts.sh
EXTRA_DIST += tests/e2e/xl-create-opts.sh
TESTS += tests/e2e/xl-migrate-ssh.sh
EXTRA_DIST += tests/e2e/xl-migrate-ssh.sh
TESTS += tests/e2e/xl-watchdog.sh
EXTRA_DIST += tests/e2e/xl-watchdog.sh
TESTS += tests/e2e/xl-xenstored-restart.sh
EXTRA_DIST += tests/e2e/xl-xenstored-restart.sh
