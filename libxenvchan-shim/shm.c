/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ring files and sockets of the vchans served on this host, in one 0700
 * directory: <server_dom>.<gref> (the socket a client joins on, 0600) and
 * <server_dom>.<gref>.ring (the shared ring, 0600).  The directory follows
 * the runtime's rule (xl-compat/runtime/paths.h): $XEN_KVM_RUN_DIR/vchan,
 * the run dir defaulting to $XEN_KVM_ROOT/var/run/xen-kvm.  The files of a
 * server that exited without closing are removed by the next ring made.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vchan.h"

int xk_vchan_dir(char *buf, size_t len)
{
	const char *run = getenv("XEN_KVM_RUN_DIR");
	const char *root = getenv("XEN_KVM_ROOT");
	int n;

	if (run && *run)
		n = snprintf(buf, len, "%s/vchan", run);
	else
		n = snprintf(buf, len, "%s/var/run/xen-kvm/vchan",
			     root ? root : "");
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* every missing component 0700 */
static int make_dir(const char *path)
{
	char tmp[PATH_MAX];
	char *p;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = tmp + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			if (mkdir(tmp, 0700) && errno != EEXIST)
				return -1;
			if (!c)
				break;
			*p = c;
		}
	}
	return 0;
}

int xk_ring_paths(uint16_t server_dom, uint32_t gref, char **sock, char **ring)
{
	char dir[PATH_MAX - 64];

	*sock = *ring = NULL;
	if (xk_vchan_dir(dir, sizeof(dir)))
		return -1;
	if (asprintf(sock, "%s/%u.%u", dir, server_dom, gref) < 0 ||
	    asprintf(ring, "%s/%u.%u.ring", dir, server_dom, gref) < 0) {
		free(*sock);
		*sock = NULL;
		return -1;
	}
	return 0;
}

/* something accepts connections on sock (or we cannot tell) */
static int listening(const char *sock)
{
	int fd = xk_connect(sock);

	if (fd >= 0) {
		close(fd);
		return 1;
	}
	return errno != ECONNREFUSED && errno != ENOENT;
}

/*
 * A server that exits without libxenvchan_close (Qubes' daemons do; on Xen
 * the kernel frees its grants) leaves its two files behind.  Each new ring
 * first removes those of servers that are gone: their process dead and
 * nothing listening on their socket (both, so that a live server in another
 * pid namespace is never taken for dead).
 */
static void sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char ring[PATH_MAX], sock[PATH_MAX];
		struct xk_ring_header h;
		ssize_t got;
		int fd, len;

		if (n <= 5 || strcmp(e->d_name + n - 5, ".ring"))
			continue;
		len = snprintf(ring, sizeof(ring), "%s/%s", dir, e->d_name);
		if (len < 0 || len >= (int)sizeof(ring))
			continue;
		snprintf(sock, sizeof(sock), "%.*s", len - 5, ring);
		fd = open(ring, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		got = pread(fd, &h, sizeof(h), 0);
		close(fd);
		if (got != sizeof(h) || h.magic != XK_RING_MAGIC ||
		    !h.server_pid || kill((pid_t)h.server_pid, 0) == 0 ||
		    errno != ESRCH || listening(sock))
			continue;
		unlink(sock);
		unlink(ring);
	}
	closedir(d);
}

int xk_ring_create(uint16_t server_dom, size_t len, uint32_t *gref,
		   char **sock, char **ring, void **map)
{
	char dir[PATH_MAX];
	int fd = -1, tries;

	if (xk_vchan_dir(dir, sizeof(dir)) || make_dir(dir))
		return -1;
	sweep(dir);
	for (tries = 0; tries < 16; tries++) {
		if (getrandom(gref, sizeof(*gref), 0) != sizeof(*gref))
			return -1;
		*gref &= 0x7fffffff;
		if (xk_ring_paths(server_dom, *gref, sock, ring))
			return -1;
		fd = open(*ring, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			break;
		free(*sock);
		free(*ring);
		*sock = *ring = NULL;
		if (errno != EEXIST)
			return -1;
	}
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)len) ||
	    (*map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0)) == MAP_FAILED) {
		int e = errno;

		close(fd);
		unlink(*ring);
		free(*sock);
		free(*ring);
		*sock = *ring = NULL;
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int xk_ring_open(const char *ring, void **map, size_t *len)
{
	struct xk_ring_header h;
	struct stat st;
	int fd = open(ring, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || pread(fd, &h, sizeof(h), 0) != sizeof(h) ||
	    h.magic != XK_RING_MAGIC || h.map_len != (uint64_t)st.st_size) {
		close(fd);
		errno = EPROTO;
		return -1;
	}
	*len = h.map_len;
	*map = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return *map == MAP_FAILED ? -1 : 0;
}

static int sockaddr_for(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa->sun_path, path);
	return 0;
}

int xk_listen(const char *sock)
{
	struct sockaddr_un sa;
	int fd;

	if (sockaddr_for(sock, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	/* the directory is 0700, so nobody reaches it before the chmod */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(sock, 0600) || listen(fd, 8)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int xk_connect(const char *sock)
{
	struct sockaddr_un sa;
	int fd;

	if (sockaddr_for(sock, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}
