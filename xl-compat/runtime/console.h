/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The monitor's console relay: it holds QEMU's end of a console (a
 * connected socket or pty fd), appends everything the guest prints to the
 * console log, keeps the last XLRT_CONSOLE_REPLAY bytes, and serves any
 * number of `xl console' clients on a Unix socket: each gets the kept
 * bytes first, then the live output; what a client types goes to the guest.
 */
#ifndef XLRT_CONSOLE_H
#define XLRT_CONSOLE_H

#define XLRT_CONSOLE_REPLAY 16384
/* output queued for one client beyond which it is dropped */
#define XLRT_CONSOLE_CLIENT_MAX (1 << 20)

struct event_base;
struct xlrt_console;

/*
 * Take over dm_fd; listen on listen_path (0600); log_path may be NULL.
 * NULL on failure (errno set).
 */
struct xlrt_console *xlrt_console_new(struct event_base *base, int dm_fd,
				      const char *listen_path,
				      const char *log_path);
/* Close everything and remove the socket. */
void xlrt_console_free(struct xlrt_console *c);

#endif
