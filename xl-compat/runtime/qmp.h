/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * QMP client: JSON (json-c) over a Unix socket to one QEMU.  Usable
 * blocking (xlrt_qmp_execute, xlrt_qmp_wait_event) and from an event loop
 * (xlrt_qmp_fd, xlrt_qmp_read_input, xlrt_qmp_send, xlrt_qmp_take_reply,
 * xlrt_qmp_next_event).  Asynchronous events are queued in arrival order
 * whichever way the input was read.
 *
 * Functions returning int give 0 on success or a negative errno:
 *   -ETIMEDOUT    nothing arrived in time (the connection stays usable)
 *   -EREMOTEIO    QEMU answered with an error (xlrt_qmp_error_class/_desc)
 *   -EAGAIN       xlrt_qmp_take_reply: the reply has not arrived yet
 *   -ECONNRESET   QEMU closed the connection (it exited)
 *   -EPROTO       QEMU sent something that is not QMP
 *   other         from the system call that failed
 * xlrt_qmp_strerror() always has a one-line explanation of the last failure.
 */
#ifndef XLRT_QMP_H
#define XLRT_QMP_H

#include <stdint.h>
#include <json-c/json.h>

struct xlrt_qmp;

struct xlrt_qmp_event {
	char *name;		/* "SHUTDOWN", "STOP", ... */
	json_object *data;	/* the event's "data" member, or NULL */
	int64_t seconds;	/* QEMU's timestamp */
	int64_t microseconds;
	struct xlrt_qmp_event *next;
};

/*
 * Connect to the QMP socket at path, read the greeting and negotiate
 * capabilities, all within timeout_ms.  On failure *out is NULL and, when
 * err is not NULL, err gets the reason.
 */
int xlrt_qmp_connect(const char *path, int timeout_ms, struct xlrt_qmp **out,
		     char *err, size_t errlen);
void xlrt_qmp_close(struct xlrt_qmp *q);

/* The greeting's QEMU version, e.g. 10, 0, 2. */
void xlrt_qmp_version(const struct xlrt_qmp *q, int *major, int *minor,
		      int *micro);

/*
 * Run cmd with args (NULL for none; the reference is not taken) and wait
 * for its reply.  On success *ret (if not NULL) gets the "return" value,
 * which the caller must json_object_put.
 */
int xlrt_qmp_execute(struct xlrt_qmp *q, const char *cmd, json_object *args,
		     json_object **ret, int timeout_ms);
/* The same, handing QEMU a copy of fd with the command (SCM_RIGHTS). */
int xlrt_qmp_execute_fd(struct xlrt_qmp *q, const char *cmd,
			json_object *args, int fd, json_object **ret,
			int timeout_ms);

/*
 * Files for a QEMU that cannot open them itself (a restricted one,
 * dm_confine.h).  getfd: QEMU keeps a copy of fd as name, for URIs such as
 * "fd:name", until a command uses it.  add-fd: a copy of fd in fd set
 * *fdset, or in a new one whose id it sets when *fdset < 0, for filenames
 * "/dev/fdset/<id>" (QEMU picks a copy of the access mode it opens
 * with), labelled opaque; remove_fdsets lets QEMU close the sets so
 * labelled once nothing uses them.
 */
int xlrt_qmp_getfd(struct xlrt_qmp *q, const char *name, int fd,
		   int timeout_ms);
int xlrt_qmp_add_fd(struct xlrt_qmp *q, int fd, const char *opaque,
		    int64_t *fdset, int timeout_ms);
void xlrt_qmp_remove_fdsets(struct xlrt_qmp *q, const char *opaque);

/* Event-loop interface. */
int xlrt_qmp_fd(const struct xlrt_qmp *q);
/* Read what is available without blocking; queue events and replies. */
int xlrt_qmp_read_input(struct xlrt_qmp *q);
/* Send cmd; *id identifies the reply for xlrt_qmp_take_reply. */
int xlrt_qmp_send(struct xlrt_qmp *q, const char *cmd, json_object *args,
		  int64_t *id, int timeout_ms);
int xlrt_qmp_take_reply(struct xlrt_qmp *q, int64_t id, json_object **ret);

/* Oldest queued event, removed from the queue; NULL if none. */
struct xlrt_qmp_event *xlrt_qmp_next_event(struct xlrt_qmp *q);
/*
 * Wait for the event called name (reading input as needed): earlier events
 * of other names stay queued, in order.  On success *ev is the event.
 */
int xlrt_qmp_wait_event(struct xlrt_qmp *q, const char *name, int timeout_ms,
			struct xlrt_qmp_event **ev);
void xlrt_qmp_event_free(struct xlrt_qmp_event *ev);

/* The guest's memory as an ELF core at path, created 0600 here and handed
 * to QEMU:
 * dump-guest-memory without paging, which a paused or crashed guest
 * allows too.  0 or a negative errno, as xlrt_qmp_execute. */
int xlrt_qmp_dump_core(struct xlrt_qmp *q, const char *path, int timeout_ms);

/* The last failure, e.g. "query-foo: CommandNotFound: The command ..." */
const char *xlrt_qmp_strerror(const struct xlrt_qmp *q);
/* For -EREMOTEIO: QMP's error class and description. */
const char *xlrt_qmp_error_class(const struct xlrt_qmp *q);
const char *xlrt_qmp_error_desc(const struct xlrt_qmp *q);

#endif
