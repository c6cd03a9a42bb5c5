/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The toolstack's log ring, what `xl dmesg' shows (Xen shows its
 * hypervisor's console ring; we have no hypervisor, so the toolstack keeps
 * its own): one file, LOG_DIR/xl-dmesg.log (paths.h), of lines
 * "(XEN) [YYYY-MM-DD hh:mm:ss] message" (Xen's form with
 * console_timestamps=date).  Writers append under flock(); when the file
 * passes XLRT_LOGRING_MAX bytes the oldest lines are dropped so that about
 * half remains.  Any process may log: xl commands, monitors.
 */
#ifndef XLRT_LOGRING_H
#define XLRT_LOGRING_H

#include <stdarg.h>
#include <stdio.h>

#define XLRT_LOGRING_MAX (64 * 1024)

/* Appends one line (a trailing newline is added); 0 or -errno. */
int xlrt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int xlrt_vlog(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* A per-domain monitor's log line: to its stderr (the domain's monitor log)
 * with a local timestamp and its pid, and to the ring. */
void xlrt_mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes the ring to out; with clear, empties it after (xl dmesg -c). */
int xlrt_logring_read(FILE *out, int clear);

#endif
