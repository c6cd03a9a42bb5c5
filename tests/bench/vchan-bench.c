/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dom0-local vchan against a raw Unix socket pair, measured in the same run:
 * one-way throughput and round-trip latency for 64 B, 4 KiB and 1 MiB
 * messages, the two ends pinned to different CPUs.  Usage (from
 * vchan-bench.sh, which starts xenstored-kvm): vchan-bench [SECONDS]
 * Prints numbers and ratios; never fails on a time.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <libxenvchan.h>

#define RING (1u << 20)		/* Xen's largest ring */

struct io {
	int (*send)(void *h, const void *b, size_t n);
	int (*recv)(void *h, void *b, size_t n);
	void *h;
};

static int v_send(void *h, const void *b, size_t n)
{
	return libxenvchan_send(h, b, n) == (int)n ? 0 : -1;
}

static int v_recv(void *h, void *b, size_t n)
{
	return libxenvchan_recv(h, b, n) == (int)n ? 0 : -1;
}

static int s_send(void *h, const void *b, size_t n)
{
	int fd = *(int *)h;

	while (n) {
		ssize_t w = write(fd, b, n);

		if (w <= 0)
			return -1;
		b = (const char *)b + w;
		n -= (size_t)w;
	}
	return 0;
}

static int s_recv(void *h, void *b, size_t n)
{
	int fd = *(int *)h;

	while (n) {
		ssize_t r = read(fd, b, n);

		if (r <= 0)
			return -1;
		b = (char *)b + r;
		n -= (size_t)r;
	}
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu % (int)sysconf(_SC_NPROCESSORS_ONLN), &s);
	sched_setaffinity(0, sizeof(s), &s);
}

/* The sender's side of one measurement; the echoing side is `peer`. */
static double run(struct io *io, size_t size, int pingpong, double secs,
		  char *buf)
{
	double t0 = now(), t;
	long n = 0;

	for (;;) {
		if (io->send(io->h, buf, size))
			return -1;
		if (pingpong && io->recv(io->h, buf, size))
			return -1;
		n++;
		if ((n & 15) == 0 && (t = now()) - t0 > secs)
			break;
	}
	/* a zero-length-marked end: one byte 'E' message of the same size */
	buf[0] = 'E';
	if (io->send(io->h, buf, size))
		return -1;
	if (!pingpong && io->recv(io->h, buf, 1))	/* all of it arrived */
		return -1;
	t = now() - t0;
	buf[0] = 0;
	return pingpong ? t / (double)n * 1e6 : (double)n * (double)size / t / 1e6;
}

static void peer(struct io *io, size_t size, int pingpong, char *buf)
{
	for (;;) {
		if (io->recv(io->h, buf, size))
			_exit(1);
		if (buf[0] == 'E')
			break;
		if (pingpong && io->send(io->h, buf, size))
			_exit(1);
	}
	if (!pingpong && io->send(io->h, buf, 1))
		_exit(1);
}

static const size_t sizes[] = { 64, 4096, 1u << 20 };

/* one child serves every measurement of one transport */
static void child_loop(struct io *io, char *buf)
{
	size_t i;
	int pp;

	pin(1);
	for (i = 0; i < 3; i++)
		for (pp = 0; pp < 2; pp++)
			peer(io, sizes[i], pp, buf);
	_exit(0);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0, res[2][3][2];
	char *buf = calloc(1, RING);
	const char *what[2] = { "throughput MB/s", "round trip us" };
	int t, i, pp, status;

	for (t = 0; t < 2; t++) {	/* 0: Unix socket pair, 1: vchan */
		struct io io;
		int sv[2];
		pid_t pid;

		if (t == 0) {
			if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
				return 1;
			pid = fork();
			if (pid == 0) {
				io = (struct io){ s_send, s_recv, &sv[1] };
				close(sv[0]);
				child_loop(&io, buf);
			}
			close(sv[1]);
			io = (struct io){ s_send, s_recv, &sv[0] };
		} else {
			struct libxenvchan *s = libxenvchan_server_init(
				NULL, 0, "data/vchan-bench", RING, RING);

			if (!s) {
				perror("libxenvchan_server_init");
				return 1;
			}
			s->blocking = 1;
			pid = fork();
			if (pid == 0) {
				struct libxenvchan *c = libxenvchan_client_init(
					NULL, 0, "/local/domain/0/data/vchan-bench");

				if (!c)
					_exit(2);
				c->blocking = 1;
				io = (struct io){ v_send, v_recv, c };
				child_loop(&io, buf);
			}
			io = (struct io){ v_send, v_recv, s };
		}
		pin(0);
		for (i = 0; i < 3; i++)
			for (pp = 0; pp < 2; pp++)
				res[t][i][pp] = run(&io, sizes[i], pp, secs, buf);
		waitpid(pid, &status, 0);
		if (status) {
			fprintf(stderr, "transport %d: peer failed (%d)\n", t, status);
			return 1;
		}
		if (t == 1)
			libxenvchan_close(io.h);
	}
	printf("%-10s %-16s %12s %12s %8s\n", "size", "measure", "unix", "vchan",
	       "ratio");
	for (i = 0; i < 3; i++)
		for (pp = 0; pp < 2; pp++)
			printf("%-10zu %-16s %12.2f %12.2f %7.2fx\n", sizes[i],
			       what[pp], res[0][i][pp], res[1][i][pp],
			       res[1][i][pp] / res[0][i][pp]);
	printf("targets: throughput ratio >= 0.9x, round-trip ratio <= 1.2x\n");
	return 0;
}
