/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cfg_diag.c: diagnostics for config files: position, the line, a caret. */
#include <stdarg.h>
#include <string.h>

#include "cfg_internal.h"

int xlcfg__column(const char *ls, const char *p)
{
	return (int)(p - ls) + 1;
}

void xlcfg__diag(const struct xlcfg *cfg, const char *kind,
		 const char *line_start, const char *end, int line, int col,
		 const char *fmt, ...)
{
	FILE *out = xlcfg_report(cfg);
	const char *le;
	va_list ap;
	int i;

	fprintf(out, "%s:%d:%d: %s: ", cfg->source, line, col, kind);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	if (!line_start)
		return;
	for (le = line_start; le < end && *le != '\n' && *le != '\r'; le++)
		;
	fprintf(out, "%.*s\n", (int)(le - line_start), line_start);
	/* keep tabs so the caret lines up whatever the tab width */
	for (i = 0; i < col - 1 && line_start + i < le; i++)
		fputc(line_start[i] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
}
