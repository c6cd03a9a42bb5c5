/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfg_parse.c: the xl.cfg grammar and the settings store.
 *
 *   file   := { stmt } [ assign ]        stmt := [ assign ] ( NEWLINE | ';' )
 *   assign := KEY ( '=' | '+=' ) value
 *   value  := STRING | NUMBER | '[' nl* [ value nl* { ',' nl* value nl* }
 *             [ ',' nl* ] ] ']'
 *
 * The last assignment of a key wins; `+=' appends to an earlier string or
 * list of the same kind and acts as `=' when there is none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfg_internal.h"

struct xlcfg *xlcfg_new(const char *source, FILE *report)
{
	struct xlcfg *cfg = calloc(1, sizeof(*cfg));

	if (!cfg)
		return NULL;
	cfg->source = strdup(source);
	cfg->report = report;
	if (!cfg->source || htab_init(&cfg->settings, 64)) {
		xlcfg_free(cfg);
		return NULL;
	}
	return cfg;
}

void *xlcfg__alloc(struct xlcfg *cfg, size_t size)
{
	struct arena_chunk *c = cfg->arena;
	size_t align = sizeof(max_align_t), csize;
	void *p;

	size = (size + align - 1) / align * align;
	if (!c || c->size - c->used < size) {
		csize = size > 65536 ? size : 65536;
		c = malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = csize;
		c->next = cfg->arena;
		cfg->arena = c;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	return memset(p, 0, size);
}

void xlcfg_free(struct xlcfg *cfg)
{
	struct arena_chunk *c, *next;

	if (!cfg)
		return;
	for (c = cfg->arena; c; c = next) {
		next = c->next;
		free(c);
	}
	htab_fini(&cfg->settings);
	free(cfg->source);
	free(cfg);
}

FILE *xlcfg_report(const struct xlcfg *cfg)
{
	return cfg->report ? cfg->report : stderr;
}

const char *xlcfg_source(const struct xlcfg *cfg)
{
	return cfg->source;
}

const struct xlcfg_setting *xlcfg_settings(const struct xlcfg *cfg)
{
	return cfg->head;
}

/* A setting as the table holds it: the public part, then the linkage. */
struct keyed_setting {
	struct xlcfg_setting s;
	struct htab_node hn;
};

static bool same_name(const struct htab_node *n, const void *name)
{
	return !strcmp(htab_entry(n, struct keyed_setting, hn)->s.name, name);
}

static struct keyed_setting *find(const struct xlcfg *cfg, const char *name,
				  size_t hash)
{
	struct htab_node *n = htab_find(&cfg->settings, hash, same_name, name);

	return n ? htab_entry(n, struct keyed_setting, hn) : NULL;
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *cfg,
				       const char *name)
{
	struct keyed_setting *k = find(cfg, name, htab_str_hash(name, 0));

	return k ? &k->s : NULL;
}

struct parser {
	struct lexer lx;
	struct xlcfg *cfg;
};

static int syntax_error(struct parser *ps, const char *msg)
{
	struct lexer *lx = &ps->lx;

	if (lx->tok != T_ERROR)
		xlcfg__diag(ps->cfg, "error", lx->line_start, lx->end,
			    lx->tline, lx->tcol, "%s", msg);
	return EINVAL;
}

/* Appends item to list. */
static int list_push(struct xlcfg *cfg, struct xlcfg_value *list,
		     struct xlcfg_value *item)
{
	if (list->n == list->alloc) {
		int na = list->alloc ? list->alloc * 2 : 4;
		struct xlcfg_value **ni = xlcfg__alloc(cfg, na * sizeof(*ni));

		if (!ni)
			return ENOMEM;
		if (list->n)
			memcpy(ni, list->items, list->n * sizeof(*ni));
		list->items = ni;
		list->alloc = na;
	}
	list->items[list->n++] = item;
	return 0;
}

static void skip_newlines(struct parser *ps)
{
	while (ps->lx.tok == T_NEWLINE)
		xlcfg__lex_next(&ps->lx);
}

static int parse_value(struct parser *ps, struct xlcfg_value **out)
{
	struct lexer *lx = &ps->lx;
	struct xlcfg_value *v = xlcfg__alloc(ps->cfg, sizeof(*v)), *item;
	int e;

	if (!v)
		return ENOMEM;
	v->line = lx->tline;
	v->col = lx->tcol;
	*out = v;
	if (lx->tok == T_STRING || lx->tok == T_NUMBER) {
		v->type = XLCFG_STRING;
		v->str = lx->text;
		xlcfg__lex_next(lx);
		return 0;
	}
	if (lx->tok != T_LBRACKET)
		return syntax_error(ps, "expected a value: a quoted string, a number or a [list]");
	v->type = XLCFG_LIST;
	xlcfg__lex_next(lx);
	skip_newlines(ps);
	while (lx->tok != T_RBRACKET) {
		e = parse_value(ps, &item);
		if (!e)
			e = list_push(ps->cfg, v, item);
		if (e)
			return e;
		skip_newlines(ps);
		if (lx->tok == T_RBRACKET)
			break;
		if (lx->tok != T_COMMA)
			return syntax_error(ps, "expected `,' or `]' in a list");
		xlcfg__lex_next(lx);
		skip_newlines(ps);
	}
	xlcfg__lex_next(lx);
	return 0;
}

/* Makes v the value of a `+=' on top of prev (same type required). */
static int concat(struct parser *ps, const struct xlcfg_setting *prev,
		  struct xlcfg_value *v, int line, int col)
{
	struct xlcfg_value *pv = prev->value;

	if (pv->type != v->type) {
		xlcfg__diag(ps->cfg, "error", NULL, NULL, line, col,
			    "can't add a %s to the %s `%s' (line %d)",
			    v->type == XLCFG_LIST ? "[list]" : "\"string\"",
			    pv->type == XLCFG_LIST ? "list" : "string",
			    prev->name, prev->line);
		return EINVAL;
	}
	if (v->type == XLCFG_STRING) {
		size_t a = strlen(pv->str), b = strlen(v->str);
		char *s = xlcfg__alloc(ps->cfg, a + b + 1);

		if (!s)
			return ENOMEM;
		memcpy(s, pv->str, a);
		memcpy(s + a, v->str, b);
		v->str = s;
		return 0;
	}
	/* the old items go in front of the new ones */
	if (pv->n) {
		int n = pv->n + v->n;
		struct xlcfg_value **items = xlcfg__alloc(ps->cfg, n * sizeof(*items));

		if (!items)
			return ENOMEM;
		memcpy(items, pv->items, pv->n * sizeof(*items));
		if (v->n)
			memcpy(items + pv->n, v->items, v->n * sizeof(*items));
		v->items = items;
		v->n = v->alloc = n;
	}
	pv->n = 0;
	return 0;
}

static int store(struct parser *ps, char *name, int append,
		 struct xlcfg_value *v, int line, int col)
{
	struct xlcfg *cfg = ps->cfg;
	size_t hash = htab_str_hash(name, 0);
	struct keyed_setting *old = find(cfg, name, hash), *k;
	struct xlcfg_setting *s;
	int e;

	if (append && old) {
		e = concat(ps, &old->s, v, line, col);
		if (e)
			return e;
	}
	k = xlcfg__alloc(cfg, sizeof(*k));
	if (!k)
		return ENOMEM;
	s = &k->s;
	s->name = name;
	s->value = v;
	s->append = append;
	s->line = line;
	s->col = col;
	if (old) {
		old->s.superseded = 1;
		htab_del(&cfg->settings, &old->hn);
	}
	htab_add(&cfg->settings, &k->hn, hash);
	if (cfg->tail)
		cfg->tail->next = s;
	else
		cfg->head = s;
	cfg->tail = s;
	return 0;
}

static int parse_assignment(struct parser *ps)
{
	struct lexer *lx = &ps->lx;
	struct xlcfg_value *v = NULL;
	char *name = lx->text;
	int line = lx->tline, col = lx->tcol, append, e;

	xlcfg__lex_next(lx);
	if (lx->tok != T_EQ && lx->tok != T_PLUSEQ)
		return syntax_error(ps, "expected `=' or `+=' after the key");
	append = lx->tok == T_PLUSEQ;
	xlcfg__lex_next(lx);
	e = parse_value(ps, &v);
	if (!e)
		e = store(ps, name, append, v, line, col);
	return e;
}

int xlcfg_parse(struct xlcfg *cfg, const char *data, size_t len)
{
	struct parser ps = { .cfg = cfg };
	struct lexer *lx = &ps.lx;
	int e = 0;

	xlcfg__lex_init(lx, cfg, data, len);
	xlcfg__lex_next(lx);
	while (!e && lx->tok != T_EOF) {
		switch (lx->tok) {
		case T_NEWLINE:
		case T_SEMI:
			xlcfg__lex_next(lx);
			continue;
		case T_IDENT:
			e = parse_assignment(&ps);
			if (e)
				break;
			if (lx->tok == T_NEWLINE || lx->tok == T_SEMI)
				xlcfg__lex_next(lx);
			else if (lx->tok != T_EOF)
				e = syntax_error(&ps, "expected a newline or `;' after the value");
			break;
		default:
			e = syntax_error(&ps, "expected a key ([a-z][._0-9a-z]*)");
		}
	}
	if (e && lx->likely_python)
		fprintf(xlcfg_report(cfg),
			"%s: note: this looks like Python; xl configs have not been Python since xend\n",
			cfg->source);
	if (e == ENOMEM)
		fprintf(xlcfg_report(cfg), "%s: out of memory\n", cfg->source);
	return e ? EINVAL : 0;
}

int xlcfg_read_file(const char *path, char **data, size_t *len)
{
	size_t n = 0, cap = 8192;
	char *buf = malloc(cap + 1);
	ssize_t r;
	int fd, e = 0;

	if (!buf)
		return ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		free(buf);
		return e;
	}
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (!nb) {
				e = ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			e = errno;
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	if (e) {
		free(buf);
		return e;
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

int xlcfg_parse_file(struct xlcfg *cfg, const char *path)
{
	char *data;
	size_t len;
	int e = xlcfg_read_file(path, &data, &len);

	if (e) {
		fprintf(xlcfg_report(cfg), "%s: unable to read configuration file: %s\n",
			path, strerror(e));
		return e;
	}
	e = xlcfg_parse(cfg, data, len);
	free(data);
	return e;
}
