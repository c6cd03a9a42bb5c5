/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * QMP client: connection and capabilities negotiation, commands matched to
 * their replies by "id", an event queue, and timeouts.  The socket is
 * non-blocking; blocking calls poll it with a deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "qmp.h"

#define MAX_EVENTS	4096	/* beyond that the oldest are dropped */
#define JSON_DEPTH	64

struct pending {
	int64_t id;
	bool abandoned;		/* its caller timed out: drop the reply */
	json_object *reply;	/* NULL until it arrives */
	char cmd[64];
	struct pending *next;
};

struct xlrt_qmp {
	int fd;
	int dead;		/* 0, or the negative errno that ended it */
	bool greeted;
	int version[3];
	json_tokener *tok;
	int64_t next_id;
	struct pending *pending;
	struct xlrt_qmp_event *ev_head, *ev_tail;
	unsigned int nevents;
	char err[512];
	char eclass[64];
	char edesc[384];
};

static int fail(struct xlrt_qmp *q, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct xlrt_qmp *q, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q->err, sizeof(q->err), fmt, ap);
	va_end(ap);
	return code;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int ms_left(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	return left < 0 ? 0 : left > 86400000 ? 86400000 : (int)left;
}

static const char *str_member(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void greeting(struct xlrt_qmp *q, json_object *msg)
{
	static const char *const part[] = { "major", "minor", "micro" };
	json_object *qmp, *ver, *qemu, *v;
	int i;

	q->greeted = true;
	if (!json_object_object_get_ex(msg, "QMP", &qmp) ||
	    !json_object_object_get_ex(qmp, "version", &ver) ||
	    !json_object_object_get_ex(ver, "qemu", &qemu))
		return;
	for (i = 0; i < 3; i++)
		if (json_object_object_get_ex(qemu, part[i], &v))
			q->version[i] = json_object_get_int(v);
}

static void queue_event(struct xlrt_qmp *q, json_object *msg)
{
	struct xlrt_qmp_event *ev, *old;
	json_object *ts, *v;

	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return;
	ev->name = strdup(str_member(msg, "event"));
	if (!ev->name) {
		free(ev);
		return;
	}
	if (json_object_object_get_ex(msg, "data", &v))
		ev->data = json_object_get(v);
	if (json_object_object_get_ex(msg, "timestamp", &ts)) {
		if (json_object_object_get_ex(ts, "seconds", &v))
			ev->seconds = json_object_get_int64(v);
		if (json_object_object_get_ex(ts, "microseconds", &v))
			ev->microseconds = json_object_get_int64(v);
	}
	if (q->ev_tail)
		q->ev_tail->next = ev;
	else
		q->ev_head = ev;
	q->ev_tail = ev;
	if (++q->nevents > MAX_EVENTS) {
		old = q->ev_head;
		q->ev_head = old->next;
		q->nevents--;
		xlrt_qmp_event_free(old);
	}
}

static struct pending *find_pending(struct xlrt_qmp *q, int64_t id)
{
	struct pending *p;

	for (p = q->pending; p; p = p->next)
		if (p->id == id)
			return p;
	return NULL;
}

static void unlink_pending(struct xlrt_qmp *q, struct pending *victim)
{
	struct pending **pp;

	for (pp = &q->pending; *pp; pp = &(*pp)->next)
		if (*pp == victim) {
			*pp = victim->next;
			break;
		}
	json_object_put(victim->reply);
	free(victim);
}

/*
 * A reply goes to the command with its id.  QEMU answers a command it
 * could not even parse without an id: give that to the oldest command
 * still waiting (the list is newest first).
 */
static void store_reply(struct xlrt_qmp *q, json_object *msg)
{
	struct pending *p = NULL, *it;
	json_object *id;

	if (json_object_object_get_ex(msg, "id", &id))
		p = find_pending(q, json_object_get_int64(id));
	else
		for (it = q->pending; it; it = it->next)
			if (!it->reply)
				p = it;
	if (!p || p->reply)
		return;
	if (p->abandoned) {
		unlink_pending(q, p);
		return;
	}
	p->reply = json_object_get(msg);
}

static void dispatch(struct xlrt_qmp *q, json_object *msg)
{
	if (!json_object_is_type(msg, json_type_object))
		return;
	if (json_object_object_get_ex(msg, "QMP", NULL))
		greeting(q, msg);
	else if (str_member(msg, "event"))
		queue_event(q, msg);
	else if (json_object_object_get_ex(msg, "return", NULL) ||
		 json_object_object_get_ex(msg, "error", NULL))
		store_reply(q, msg);
}

static int feed(struct xlrt_qmp *q, const char *buf, size_t len)
{
	enum json_tokener_error e;
	json_object *msg;
	size_t used;

	while (len) {
		msg = json_tokener_parse_ex(q->tok, buf, len);
		e = json_tokener_get_error(q->tok);
		if (e == json_tokener_continue)
			return 0;
		if (e != json_tokener_success) {
			q->dead = -EPROTO;
			return fail(q, -EPROTO, "QMP: bad JSON from QEMU: %s",
				    json_tokener_error_desc(e));
		}
		used = json_tokener_get_parse_end(q->tok);
		buf += used;
		len -= used;
		dispatch(q, msg);
		json_object_put(msg);
	}
	return 0;
}

int xlrt_qmp_read_input(struct xlrt_qmp *q)
{
	char buf[65536];
	ssize_t n;
	int r;

	if (q->dead)
		return q->dead;
	for (;;) {
		n = recv(q->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			q->dead = -errno;
			return fail(q, q->dead, "QMP: read: %s",
				    strerror(errno));
		}
		if (n == 0) {
			q->dead = -ECONNRESET;
			return fail(q, q->dead,
				    "QMP: QEMU closed the connection");
		}
		r = feed(q, buf, n);
		if (r)
			return r;
	}
}

/* Wait until input is readable (or the deadline passes), then read it. */
static int wait_input(struct xlrt_qmp *q, int64_t deadline)
{
	struct pollfd p = { .fd = q->fd, .events = POLLIN };
	int n;

	if (q->dead)
		return q->dead;
	do
		n = poll(&p, 1, ms_left(deadline));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(q, -errno, "QMP: poll: %s", strerror(errno));
	if (n == 0)
		return -ETIMEDOUT;
	return xlrt_qmp_read_input(q);
}

/* fd >= 0 rides on the first byte that goes (SCM_RIGHTS), for getfd and
 * add-fd: QEMU keeps the last fd it received on this connection. */
static int write_all(struct xlrt_qmp *q, const char *s, size_t len, int fd,
		     int64_t deadline)
{
	struct pollfd p = { .fd = q->fd, .events = POLLOUT };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	while (len) {
		if (fd >= 0) {
			iov.iov_base = (void *)s;
			iov.iov_len = len;
			memset(&ctl, 0, sizeof(ctl));
			mh.msg_control = ctl.buf;
			mh.msg_controllen = sizeof(ctl.buf);
			CMSG_FIRSTHDR(&mh)->cmsg_level = SOL_SOCKET;
			CMSG_FIRSTHDR(&mh)->cmsg_type = SCM_RIGHTS;
			CMSG_FIRSTHDR(&mh)->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(CMSG_FIRSTHDR(&mh)), &fd, sizeof(int));
			n = sendmsg(q->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
			if (n > 0)
				fd = -1;
		} else {
			n = send(q->fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		if (n > 0) {
			s += n;
			len -= n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			q->dead = errno == EPIPE ? -ECONNRESET : -errno;
			return fail(q, q->dead, "QMP: write: %s",
				    strerror(errno));
		}
		if (poll(&p, 1, ms_left(deadline)) == 0) {
			/* Half a command on the wire: the stream is lost. */
			q->dead = -ETIMEDOUT;
			return fail(q, -ETIMEDOUT,
				    "QMP: QEMU does not read its socket");
		}
	}
	return 0;
}

static int send_cmd(struct xlrt_qmp *q, const char *cmd, json_object *args,
		    int fd, int64_t *id, int64_t deadline)
{
	json_object *msg;
	struct pending *p;
	const char *s;
	char *line;
	int r;

	if (q->dead)
		return fail(q, q->dead, "%s: QMP connection is closed", cmd);
	p = calloc(1, sizeof(*p));
	msg = json_object_new_object();
	if (!p || !msg) {
		free(p);
		json_object_put(msg);
		return fail(q, -ENOMEM, "%s: out of memory", cmd);
	}
	p->id = ++q->next_id;
	snprintf(p->cmd, sizeof(p->cmd), "%s", cmd);
	json_object_object_add(msg, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(msg, "arguments", json_object_get(args));
	json_object_object_add(msg, "id", json_object_new_int64(p->id));
	s = json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	r = asprintf(&line, "%s\n", s);
	json_object_put(msg);
	if (r < 0) {
		free(p);
		return fail(q, -ENOMEM, "%s: out of memory", cmd);
	}
	r = write_all(q, line, strlen(line), fd, deadline);
	free(line);
	if (r) {
		free(p);
		return r;
	}
	p->next = q->pending;
	q->pending = p;
	*id = p->id;
	return 0;
}

int xlrt_qmp_send(struct xlrt_qmp *q, const char *cmd, json_object *args,
		  int64_t *id, int timeout_ms)
{
	return send_cmd(q, cmd, args, -1, id, now_ms() + timeout_ms);
}

int xlrt_qmp_take_reply(struct xlrt_qmp *q, int64_t id, json_object **ret)
{
	struct pending *p = find_pending(q, id);
	json_object *err, *val;
	const char *c, *d;
	int r = 0;

	if (ret)
		*ret = NULL;
	if (!p)
		return fail(q, -ENOENT, "QMP: no command with id %lld",
			    (long long)id);
	if (!p->reply) {
		if (q->dead)
			return fail(q, q->dead, "%s: QEMU went away before "
				    "replying", p->cmd);
		return -EAGAIN;
	}
	if (json_object_object_get_ex(p->reply, "error", &err)) {
		c = str_member(err, "class");
		d = str_member(err, "desc");
		snprintf(q->eclass, sizeof(q->eclass), "%s", c ? c : "?");
		snprintf(q->edesc, sizeof(q->edesc), "%s", d ? d : "");
		r = fail(q, -EREMOTEIO, "%s: %s: %s", p->cmd, q->eclass,
			 q->edesc);
	} else if (ret && json_object_object_get_ex(p->reply, "return",
						    &val)) {
		*ret = json_object_get(val);
	}
	unlink_pending(q, p);
	return r;
}

int xlrt_qmp_execute_fd(struct xlrt_qmp *q, const char *cmd,
			json_object *args, int fd, json_object **ret,
			int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms, id;
	struct pending *p;
	int r;

	if (ret)
		*ret = NULL;
	r = send_cmd(q, cmd, args, fd, &id, deadline);
	if (r)
		return r;
	for (;;) {
		r = xlrt_qmp_take_reply(q, id, ret);
		if (r != -EAGAIN)
			return r;
		r = wait_input(q, deadline);
		if (r == -ETIMEDOUT) {
			p = find_pending(q, id);
			p->abandoned = true;
			return fail(q, r, "%s: no reply from QEMU within "
				    "%d ms", cmd, timeout_ms);
		}
		if (r && r != q->dead)
			return r;
	}
}

int xlrt_qmp_execute(struct xlrt_qmp *q, const char *cmd, json_object *args,
		     json_object **ret, int timeout_ms)
{
	return xlrt_qmp_execute_fd(q, cmd, args, -1, ret, timeout_ms);
}

int xlrt_qmp_getfd(struct xlrt_qmp *q, const char *name, int fd,
		   int timeout_ms)
{
	json_object *args = json_object_new_object();
	int r;

	if (!args)
		return fail(q, -ENOMEM, "getfd: out of memory");
	json_object_object_add(args, "fdname", json_object_new_string(name));
	r = xlrt_qmp_execute_fd(q, "getfd", args, fd, NULL, timeout_ms);
	json_object_put(args);
	return r;
}

int xlrt_qmp_add_fd(struct xlrt_qmp *q, int fd, const char *opaque,
		    int64_t *fdset, int timeout_ms)
{
	json_object *ret = NULL, *v, *args = json_object_new_object();
	int r;

	if (!args)
		return fail(q, -ENOMEM, "add-fd: out of memory");
	if (*fdset >= 0)
		json_object_object_add(args, "fdset-id",
				       json_object_new_int64(*fdset));
	json_object_object_add(args, "opaque", json_object_new_string(opaque));
	r = xlrt_qmp_execute_fd(q, "add-fd", args, fd, &ret, timeout_ms);
	json_object_put(args);
	if (!r && !json_object_object_get_ex(ret, "fdset-id", &v))
		r = fail(q, -EPROTO, "add-fd: no fdset-id in the reply");
	if (!r)
		*fdset = json_object_get_int64(v);
	json_object_put(ret);
	return r;
}

/* Whether one of fdset's fds (query-fdsets) carries opaque. */
static bool fdset_has(json_object *set, const char *opaque)
{
	json_object *fds, *o;
	size_t i;

	if (!json_object_object_get_ex(set, "fds", &fds))
		return false;
	for (i = 0; i < json_object_array_length(fds); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(fds, i),
					      "opaque", &o) &&
		    !strcmp(json_object_get_string(o), opaque))
			return true;
	return false;
}

void xlrt_qmp_remove_fdsets(struct xlrt_qmp *q, const char *opaque)
{
	json_object *sets = NULL, *set, *id, *args;
	size_t i;

	if (xlrt_qmp_execute(q, "query-fdsets", NULL, &sets, 5000))
		return;
	for (i = 0; i < json_object_array_length(sets); i++) {
		set = json_object_array_get_idx(sets, i);
		if (!fdset_has(set, opaque) ||
		    !json_object_object_get_ex(set, "fdset-id", &id))
			continue;
		args = json_object_new_object();
		if (!args)
			break;
		json_object_object_add(args, "fdset-id", json_object_get(id));
		xlrt_qmp_execute(q, "remove-fd", args, NULL, 5000);
		json_object_put(args);
	}
	json_object_put(sets);
}

static struct xlrt_qmp_event *take_event(struct xlrt_qmp *q, const char *name)
{
	struct xlrt_qmp_event **pp, *prev = NULL, *ev;

	for (pp = &q->ev_head; *pp; prev = *pp, pp = &(*pp)->next) {
		ev = *pp;
		if (name && strcmp(ev->name, name))
			continue;
		*pp = ev->next;
		if (q->ev_tail == ev)
			q->ev_tail = prev;
		q->nevents--;
		ev->next = NULL;
		return ev;
	}
	return NULL;
}

struct xlrt_qmp_event *xlrt_qmp_next_event(struct xlrt_qmp *q)
{
	return take_event(q, NULL);
}

int xlrt_qmp_wait_event(struct xlrt_qmp *q, const char *name, int timeout_ms,
			struct xlrt_qmp_event **ev)
{
	int64_t deadline = now_ms() + timeout_ms;
	int r;

	for (;;) {
		*ev = take_event(q, name);
		if (*ev)
			return 0;
		r = wait_input(q, deadline);
		if (r == -ETIMEDOUT)
			return fail(q, r, "QMP: no %s event within %d ms",
				    name, timeout_ms);
		if (r)
			return r;
	}
}

void xlrt_qmp_event_free(struct xlrt_qmp_event *ev)
{
	if (!ev)
		return;
	free(ev->name);
	json_object_put(ev->data);
	free(ev);
}

static int open_socket(struct xlrt_qmp *q, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path))
		return fail(q, -ENAMETOOLONG, "QMP socket path too long: %s",
			    path);
	strcpy(sa.sun_path, path);
	q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		return fail(q, -errno, "socket: %s", strerror(errno));
	if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return fail(q, -errno, "QMP: connect %s: %s", path,
			    strerror(errno));
	return 0;
}

static int handshake(struct xlrt_qmp *q, int64_t deadline)
{
	int64_t id;
	int r;

	while (!q->greeted) {
		r = wait_input(q, deadline);
		if (r == -ETIMEDOUT)
			return fail(q, r, "QMP: no greeting from QEMU");
		if (r)
			return r;
	}
	r = send_cmd(q, "qmp_capabilities", NULL, -1, &id, deadline);
	while (!r) {
		r = xlrt_qmp_take_reply(q, id, NULL);
		if (r != -EAGAIN)
			return r;
		r = wait_input(q, deadline);
		if (r == -ETIMEDOUT)
			return fail(q, r, "QMP: qmp_capabilities: no reply");
	}
	return r;
}

int xlrt_qmp_connect(const char *path, int timeout_ms, struct xlrt_qmp **out,
		     char *err, size_t errlen)
{
	struct xlrt_qmp *q;
	int r;

	*out = NULL;
	q = calloc(1, sizeof(*q));
	if (!q) {
		if (err)
			snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	q->fd = -1;
	q->tok = json_tokener_new_ex(JSON_DEPTH);
	if (!q->tok)
		r = fail(q, -ENOMEM, "out of memory");
	else
		r = open_socket(q, path);
	if (!r)
		r = handshake(q, now_ms() + timeout_ms);
	if (r) {
		if (err)
			snprintf(err, errlen, "%s", q->err);
		xlrt_qmp_close(q);
		return r;
	}
	*out = q;
	return 0;
}

void xlrt_qmp_close(struct xlrt_qmp *q)
{
	struct xlrt_qmp_event *ev;

	if (!q)
		return;
	while (q->pending)
		unlink_pending(q, q->pending);
	while ((ev = take_event(q, NULL)))
		xlrt_qmp_event_free(ev);
	if (q->tok)
		json_tokener_free(q->tok);
	if (q->fd >= 0)
		close(q->fd);
	free(q);
}

void xlrt_qmp_version(const struct xlrt_qmp *q, int *major, int *minor,
		      int *micro)
{
	*major = q->version[0];
	*minor = q->version[1];
	*micro = q->version[2];
}

int xlrt_qmp_fd(const struct xlrt_qmp *q)
{
	return q->fd;
}

const char *xlrt_qmp_strerror(const struct xlrt_qmp *q)
{
	return q->err;
}

const char *xlrt_qmp_error_class(const struct xlrt_qmp *q)
{
	return q->eclass;
}

const char *xlrt_qmp_error_desc(const struct xlrt_qmp *q)
{
	return q->edesc;
}

int xlrt_qmp_dump_core(struct xlrt_qmp *q, const char *path, int timeout_ms)
{
	json_object *args;
	int fd, r;

	/* Opened here, so a QEMU that cannot reach the host's files (a
	 * restricted one) still writes it; the guest's memory is for its
	 * owner alone. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return fail(q, -errno, "%s: %s", path, strerror(errno));
	r = xlrt_qmp_getfd(q, "xl-dump", fd, timeout_ms);
	close(fd);
	if (r)
		return r;
	args = json_object_new_object();
	if (!args)
		return fail(q, -ENOMEM, "dump-guest-memory: out of memory");
	json_object_object_add(args, "paging", json_object_new_boolean(0));
	json_object_object_add(args, "protocol",
			       json_object_new_string("fd:xl-dump"));
	r = xlrt_qmp_execute(q, "dump-guest-memory", args, NULL, timeout_ms);
	json_object_put(args);
	return r;
}
