/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For the xl-compat/runtime tests that run against a real xenstored-kvm
 * (their .sh starts it and sets XENSTORED_PATH).
 */
#ifndef XLRT_XS_TEST_H
#define XLRT_XS_TEST_H

#include <xenstore.h>

#include "xlrt_test.h"
#include "xs_path.h"

/* Run the n tests with *xs open on the daemon meanwhile: cmocka's status,
 * or 1 when the daemon cannot be reached. */
static inline int xlrt_run_with_xs(const char *group, const struct CMUnitTest *tests,
				   size_t n, struct xs_handle **xs)
{
	char err[512];
	int r;

	*xs = xlrt_xs_open(err, sizeof(err));
	if (!*xs) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	r = _cmocka_run_group_tests(group, tests, n, NULL, NULL);
	xs_close(*xs);
	return r;
}

#endif
