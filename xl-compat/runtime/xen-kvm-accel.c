/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xen-kvm-accel: print the accelerator xl would choose on this host and
 * why.  For humans and scripts (-n prints only the name).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "accel.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: xen-kvm-accel [-n] [-r] [-c ACCEL] [-x ACCEL] "
		"[-t MS] [-d DEV]\n"
		"  -n  print only the accelerator's name\n"
		"  -r  re-run the KVM self-test, ignoring the cached verdict\n"
		"  -c  the domain config's setting   -x  xl.conf's setting\n"
		"  -t  self-test timeout in ms (500) -d  KVM device "
		"(/dev/kvm)\n"
		"$XEN_KVM_ACCEL=auto|xen|kvm|tcg overrides everything.\n");
}

int main(int argc, char **argv)
{
	struct xlrt_accel_req req = { 0 };
	struct xlrt_accel_choice c;
	int opt, name_only = 0;
	char line[512];

	while ((opt = getopt(argc, argv, "nrc:x:t:d:h")) != -1) {
		switch (opt) {
		case 'n':
			name_only = 1;
			break;
		case 'r':
			req.recheck = true;
			break;
		case 'c':
			req.config = optarg;
			break;
		case 'x':
			req.xlconf = optarg;
			break;
		case 't':
			req.timeout_ms = atoi(optarg);
			break;
		case 'd':
			req.kvm_dev = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (xlrt_accel_choose(&req, &c)) {
		fprintf(stderr, "xen-kvm-accel: %s\n", c.why);
		return 1;
	}
	if (name_only) {
		puts(xlrt_accel_name(c.accel));
	} else {
		xlrt_accel_notice(&c, line, sizeof(line));
		puts(line);
	}
	return 0;
}
