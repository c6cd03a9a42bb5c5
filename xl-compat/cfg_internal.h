/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cfg_internal.h: what the config-language files share inside libxlcfg. */
#ifndef XLCFG_INTERNAL_H
#define XLCFG_INTERNAL_H

#include <stddef.h>

#include "xenstored-kvm/htab.h"
#include "xlcfg.h"

/* Everything a config holds lives in its arena and goes in one free. */
struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct xlcfg {
	char *source;
	FILE *report;
	struct arena_chunk *arena;
	struct xlcfg_setting *head, *tail;
	struct htab settings;		/* the current setting of each key */
};

enum tok {
	T_EOF, T_NEWLINE, T_IDENT, T_NUMBER, T_STRING,
	T_COMMA, T_LBRACKET, T_RBRACKET, T_EQ, T_PLUSEQ, T_SEMI, T_ERROR,
};

struct lexer {
	struct xlcfg *cfg;
	const char *end, *p;
	const char *line_start;
	int line;
	int warned_crlf;
	int likely_python;
	/* the current token */
	enum tok tok;
	int tline, tcol;
	char *text;		/* IDENT/NUMBER text, decoded STRING (arena) */
};

void xlcfg__lex_init(struct lexer *lx, struct xlcfg *cfg,
		     const char *data, size_t len);
/* Advances to the next token; T_ERROR after printing the error. */
enum tok xlcfg__lex_next(struct lexer *lx);

/* Column (1-based, tabs count as one) of p on the line starting at ls. */
int xlcfg__column(const char *ls, const char *p);
/*
 * `source:line:col: kind: message', then the line (from line_start) and a
 * caret under col. line_start may be NULL (no excerpt).
 */
void xlcfg__diag(const struct xlcfg *cfg, const char *kind,
		 const char *line_start, const char *end, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Zeroed memory from cfg's arena, NULL when out of memory. */
void *xlcfg__alloc(struct xlcfg *cfg, size_t size);

#endif
