/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the xl-compat/runtime tests: whole-program skips that
 * behave like tests/lib/common.sh (exit 77, or a hard error under CI with
 * XEN_KVM_NO_SKIP=1) and a private scratch directory.
 */
#ifndef XLRT_TEST_H
#define XLRT_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static inline void xlrt_skip_all(const char *reason)
{
	const char *ci = getenv("XEN_KVM_NO_SKIP");

	if (ci && !strcmp(ci, "1")) {
		fprintf(stderr, "ERROR: would skip, but skips are not allowed "
			"here: %s\n", reason);
		exit(99);
	}
	printf("SKIP: %s\n", reason);
	exit(77);
}

/* $QEMU (set by make check) must be an executable; exported to the
 * library as XEN_KVM_QEMU. */
static inline const char *xlrt_need_qemu(void)
{
	const char *q = getenv("QEMU");

	if (!q || !*q || access(q, X_OK))
		xlrt_skip_all("needs qemu-system-x86_64 >= 10 (dist/setup "
			      "--deps installs it from bookworm-backports)");
	setenv("XEN_KVM_QEMU", q, 1);
	return q;
}

/* A fresh 0700 directory under $TMPDIR; the caller removes it. */
static inline char *xlrt_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *d;

	if (asprintf(&d, "%s/xlrt-test.XXXXXX", base ? base : "/tmp") < 0 ||
	    !mkdtemp(d)) {
		perror("mkdtemp");
		exit(99);
	}
	return d;
}

static inline void xlrt_rm_rf(const char *dir)
{
	char *cmd;

	if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0) {
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
		free(cmd);
	}
}

#endif
