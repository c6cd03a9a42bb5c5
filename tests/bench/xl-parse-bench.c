/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xl-parse-bench.c: time per line of parsing an xl config with libxlcfg,
 * against reading the same file with a bare read loop (the floor any
 * parser pays). Prints both and their ratio; never judges the numbers.
 *
 * usage: xl-parse-bench FILE [ROUNDS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "xlcfg.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* read the file in 64 KiB chunks and count its lines */
static long bare_read(const char *path)
{
	static char buf[65536];
	long lines = 0;
	ssize_t n, i;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		exit(1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
	close(fd);
	return lines;
}

static void parse(const char *path, FILE *quiet)
{
	struct xlcfg *cfg = xlcfg_new(path, quiet);

	if (!cfg || xlcfg_parse_file(cfg, path)) {
		fprintf(stderr, "%s does not parse\n", path);
		exit(1);
	}
	xlcfg_free(cfg);
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 50, r;
	double best_read = 1e9, best_parse = 1e9, t;
	FILE *quiet = fopen("/dev/null", "w");
	long lines;

	if (argc < 2 || !quiet)
		return 2;
	lines = bare_read(argv[1]);
	for (r = 0; r < rounds; r++) {
		t = now();
		bare_read(argv[1]);
		t = now() - t;
		if (t < best_read)
			best_read = t;
		t = now();
		parse(argv[1], quiet);
		t = now() - t;
		if (t < best_parse)
			best_parse = t;
	}
	printf("lines: %ld (best of %d rounds)\n", lines, rounds);
	printf("bare read loop: %.1f ns/line\n", best_read * 1e9 / lines);
	printf("xlcfg parse:    %.1f ns/line\n", best_parse * 1e9 / lines);
	printf("ratio parse/read: %.1f\n", best_parse / best_read);
	return 0;
}
