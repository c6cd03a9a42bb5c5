/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfg_lex.c: tokens of the xl.cfg language, as Xen's flex scanner cuts
 * them: keys [a-z][._0-9a-z]*, numbers [0-9][0-9a-fx]* (kept as text),
 * '...' and "..." strings with escapes, , [ ] = += ; and newlines, where a
 * `#' comment counts as a newline. Two extensions, each with a warning:
 * CRLF line ends and a final comment without a newline.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

void xlcfg__lex_init(struct lexer *lx, struct xlcfg *cfg,
		     const char *data, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->cfg = cfg;
	lx->p = lx->line_start = data;
	lx->end = data + len;
	lx->line = 1;
}

static void __attribute__((format(printf, 3, 4)))
lex_error_at(struct lexer *lx, const char *at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	xlcfg__diag(lx->cfg, "error", lx->line_start, lx->end, lx->line,
		    xlcfg__column(lx->line_start, at), "%s", msg);
}

static void newline(struct lexer *lx, const char *after)
{
	lx->line++;
	lx->line_start = after;
}

static int is_key_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_';
}

static int is_number_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape after the backslash at *pp; advances *pp. -1 on error. */
static int unescape(struct lexer *lx, const char **pp, const char *close)
{
	const char *bs = *pp - 1, *p = *pp;
	int c = *p++, v, i;

	switch (c) {
	case '"': case '\'': case '\\':
		v = c;
		break;
	case 'a': v = '\a'; break;
	case 'b': v = '\b'; break;
	case 'f': v = '\f'; break;
	case 'n': v = '\n'; break;
	case 'r': v = '\r'; break;
	case 't': v = '\t'; break;
	case 'v': v = '\v'; break;
	case 'x':
		if (close - p < 2 || hexval(p[0]) < 0 || hexval(p[1]) < 0) {
			lex_error_at(lx, bs, "%s", "`\\x' needs exactly two hex digits in a quoted string");
			return -1;
		}
		v = hexval(p[0]) * 16 + hexval(p[1]);
		p += 2;
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		/* up to three octal digits, as long as the value fits a byte */
		v = c - '0';
		for (i = 1; i < 3 && p < close && *p >= '0' && *p <= '7' &&
		     v * 8 + (*p - '0') <= 0377; i++)
			v = v * 8 + (*p++ - '0');
		break;
	default:
		lex_error_at(lx, bs, "invalid escape `\\%.1s' in a quoted string",
			     p - 1);
		return -1;
	}
	if (v == 0) {
		lex_error_at(lx, bs, "%s", "a NUL character cannot appear in a quoted string");
		return -1;
	}
	*pp = p;
	return v;
}

static enum tok lex_unexpected(struct lexer *lx);

static enum tok lex_string(struct lexer *lx)
{
	const char *open = lx->p, *p = open + 1, *close;
	char *q;
	int c;

	/* find the closing quote the way flex does: \\. is one unit */
	for (close = p; close < lx->end && *close != *open; close++) {
		if (*close == '\n')
			break;
		if (*close == '\\') {
			if (close + 1 >= lx->end || close[1] == '\n')
				break;
			close++;
		}
	}
	if (open + 1 == lx->end)
		return lex_unexpected(lx);
	if (close >= lx->end || *close != *open) {
		lex_error_at(lx, open, "%s", "unterminated quoted string (strings cannot span lines)");
		return T_ERROR;
	}
	lx->text = q = xlcfg__alloc(lx->cfg, close - open);
	if (!q) {
		lex_error_at(lx, open, "%s", "out of memory");
		return T_ERROR;
	}
	while (p < close) {
		c = *p++;
		if (c == '\\') {
			c = unescape(lx, &p, close);
			if (c < 0)
				return T_ERROR;
		}
		*q++ = (char)c;
	}
	*q = 0;
	lx->p = close + 1;
	return T_STRING;
}

static enum tok lex_word(struct lexer *lx, int (*more)(int), enum tok t)
{
	const char *s = lx->p;

	do
		lx->p++;
	while (lx->p < lx->end && more((unsigned char)*lx->p));
	lx->text = xlcfg__alloc(lx->cfg, lx->p - s + 1);
	if (!lx->text) {
		lex_error_at(lx, s, "%s", "out of memory");
		return T_ERROR;
	}
	memcpy(lx->text, s, lx->p - s);
	return t;
}

static enum tok lex_unexpected(struct lexer *lx)
{
	unsigned char c = (unsigned char)*lx->p;

	/*
	 * Xen's scanner only reports a bad character once it has seen what
	 * follows; one as the very last byte of the input slips through.
	 * Accept that too, but say so.
	 */
	if (lx->p + 1 == lx->end) {
		xlcfg__diag(lx->cfg, "warning", lx->line_start, lx->end,
			    lx->line, xlcfg__column(lx->line_start, lx->p),
			    "stray character at the end of the file ignored (as Xen does)");
		lx->p = lx->end;
		return T_EOF;
	}

	if (strchr("+-.():", c)) {
		lx->likely_python = 1;
		lex_error_at(lx, lx->p, "unexpected `%.1s' (xl configs are not Python)",
			     lx->p);
	} else if (c >= 'A' && c <= 'Z') {
		lex_error_at(lx, lx->p, "unexpected `%.1s' (keys are lower case, strings are quoted)",
			     lx->p);
	} else if (c == '\r') {
		lex_error_at(lx, lx->p, "%s", "stray carriage return");
	} else if (c >= 0x20 && c < 0x7f) {
		lex_error_at(lx, lx->p, "unexpected `%.1s'", lx->p);
	} else {
		char hex[8];

		snprintf(hex, sizeof(hex), "0x%02x", c);
		lex_error_at(lx, lx->p, "unexpected byte %s", hex);
	}
	return T_ERROR;
}

static enum tok lex(struct lexer *lx)
{
	const char *p;

	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t'))
		lx->p++;
	lx->tline = lx->line;
	lx->tcol = xlcfg__column(lx->line_start, lx->p);
	if (lx->p >= lx->end)
		return T_EOF;

	switch (*lx->p) {
	case '\n':
		newline(lx, ++lx->p);
		return T_NEWLINE;
	case '#':
		p = memchr(lx->p, '\n', lx->end - lx->p);
		if (!p) {
			xlcfg__diag(lx->cfg, "warning", NULL, NULL, lx->tline,
				    lx->tcol, "comment at end of file without a newline (Xen rejects this; accepted)");
			lx->p = lx->end;
			return T_EOF;
		}
		lx->p = p + 1;
		newline(lx, lx->p);
		return T_NEWLINE;
	case '\r':
		if (lx->p + 1 < lx->end && lx->p[1] == '\n') {
			if (!lx->warned_crlf) {
				xlcfg__diag(lx->cfg, "warning", NULL, NULL,
					    lx->tline, lx->tcol, "CRLF line endings (Xen rejects them; accepted)");
				lx->warned_crlf = 1;
			}
			lx->p += 2;
			newline(lx, lx->p);
			return T_NEWLINE;
		}
		return lex_unexpected(lx);
	case ',': lx->p++; return T_COMMA;
	case '[': lx->p++; return T_LBRACKET;
	case ']': lx->p++; return T_RBRACKET;
	case '=': lx->p++; return T_EQ;
	case ';': lx->p++; return T_SEMI;
	case '+':
		if (lx->p + 1 < lx->end && lx->p[1] == '=') {
			lx->p += 2;
			return T_PLUSEQ;
		}
		return lex_unexpected(lx);
	case '\'': case '"':
		return lex_string(lx);
	}
	if (*lx->p >= 'a' && *lx->p <= 'z')
		return lex_word(lx, is_key_char, T_IDENT);
	if (*lx->p >= '0' && *lx->p <= '9')
		return lex_word(lx, is_number_char, T_NUMBER);
	return lex_unexpected(lx);
}

enum tok xlcfg__lex_next(struct lexer *lx)
{
	lx->text = NULL;
	lx->tok = lex(lx);
	return lx->tok;
}
