/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_dev.c: the small device specs of xl.cfg(5): channel, p9, vfb, vtpm,
 * usbctrl and usbdev, each a comma-separated list of key=value items.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xlmodel.h"

static void replace(char **slot, const char *v)
{
	free(*slot);
	*slot = strdup(v);
}

/* Copies s without surrounding white space. */
static char *trimmed(const char *s)
{
	const char *e;

	while (isspace((unsigned char)*s))
		s++;
	for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
		;
	return strndup(s, e - s);
}

int xlm_parse_channel(const char *where, const char *spec,
		      struct xlm_channel *c)
{
	char *buf = strdup(spec), *item, *save = NULL, *path = NULL;
	int e = 0;

	for (item = strtok_r(buf, ",", &save); item && !e;
	     item = strtok_r(NULL, ",", &save)) {
		char *ps = NULL, *k = strtok_r(item, "=", &ps);
		char *v = k ? strtok_r(NULL, "=", &ps) : NULL;
		char *key, *val;

		if (!v) {
			xlm_spec_error(where, "channel spec `%s': expected key=value, got `%s'",
				       spec, item);
			e = -1;
			break;
		}
		key = trimmed(k);
		val = trimmed(v);
		if (!strcmp(key, "backend")) {
			replace(&c->backend_domname, val);
		} else if (!strcmp(key, "name")) {
			replace(&c->name, val);
		} else if (!strcmp(key, "path")) {
			replace(&path, val);
		} else if (!strcmp(key, "connection")) {
			if (!strcmp(val, "pty")) {
				c->connection = XLM_CHAN_PTY;
			} else if (!strcmp(val, "socket")) {
				c->connection = XLM_CHAN_SOCKET;
			} else {
				xlm_spec_error(where, "channel spec `%s': unknown connection `%s' (pty or socket)",
					       spec, val);
				e = -1;
			}
		} else {
			xlm_spec_warning(where, "channel spec `%s': unknown parameter `%s', ignored",
					 spec, key);
		}
		free(key);
		free(val);
	}
	free(buf);
	if (!e && c->connection == XLM_CHAN_UNKNOWN) {
		xlm_spec_error(where, "channel spec `%s': connection= (pty or socket) is required",
			       spec);
		e = -1;
	}
	if (!e && c->connection == XLM_CHAN_SOCKET) {
		if (!path) {
			xlm_spec_error(where, "channel spec `%s': connection=socket requires path=",
				       spec);
			e = -1;
		} else {
			replace(&c->socket_path, path);
		}
	}
	free(path);
	return e;
}

/*
 * The key=value walk p9 and vtpm share: items are split at commas, leading
 * blanks skipped, and an item without `=' ends the spec (as in xl).
 */
typedef int (*kv_fn)(const char *where, const char *spec, const char *key,
		     const char *val, void *dev);

static int walk_kv(const char *where, const char *spec, kv_fn fn, void *dev)
{
	char *buf = strdup(spec), *p, *eq, *save = NULL;
	int e = 0;

	for (p = strtok_r(buf, ",", &save); p && !e;
	     p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		eq = strchr(p, '=');
		if (!eq)
			break;
		*eq = 0;
		e = fn(where, spec, p, eq + 1, dev);
	}
	free(buf);
	return e;
}

static int p9_kv(const char *where, const char *spec, const char *key,
		 const char *val, void *dev)
{
	struct xlm_p9 *p9 = dev;

	if (!strcmp(key, "security_model"))
		replace(&p9->security_model, val);
	else if (!strcmp(key, "path"))
		replace(&p9->path, val);
	else if (!strcmp(key, "tag"))
		replace(&p9->tag, val);
	else if (!strcmp(key, "backend"))
		replace(&p9->backend_domname, val);
	else if (!strcmp(key, "readonly") &&
		 (!strcmp(val, "0") || !strcmp(val, "1")))
		p9->readonly = *val == '1';
	else if (!strcmp(key, "readonly")) {
		xlm_spec_error(where, "p9 spec `%s': readonly=%s: 0 or 1", spec, val);
		return -1;
	} else {
		xlm_spec_error(where, "p9 spec `%s': unknown key `%s'", spec, key);
		return -1;
	}
	return 0;
}

int xlm_parse_p9(const char *where, const char *spec, struct xlm_p9 *p9)
{
	if (walk_kv(where, spec, p9_kv, p9))
		return -1;
	if (!p9->path || !p9->security_model || !p9->tag) {
		xlm_spec_error(where, "p9 spec `%s': tag=, path= and security_model= are required",
			       spec);
		return -1;
	}
	return 0;
}

static int vtpm_kv(const char *where, const char *spec, const char *key,
		   const char *val, void *dev)
{
	struct xlm_vtpm *vtpm = dev;

	if (!strcmp(key, "backend")) {
		replace(&vtpm->backend_domname, val);
	} else if (!strcmp(key, "uuid")) {
		if (xlm_parse_uuid(val, vtpm->uuid)) {
			xlm_spec_error(where, "vtpm spec `%s': invalid uuid `%s'",
				       spec, val);
			return -1;
		}
	} else {
		xlm_spec_error(where, "vtpm spec `%s': unknown key `%s'", spec, key);
		return -1;
	}
	return 0;
}

int xlm_parse_vtpm(const char *where, const char *spec, struct xlm_vtpm *vtpm)
{
	if (walk_kv(where, spec, vtpm_kv, vtpm))
		return -1;
	if (!vtpm->backend_domname) {
		xlm_spec_error(where, "vtpm spec `%s': backend= is required", spec);
		return -1;
	}
	return 0;
}

/* vfb items xl does not know are ignored silently, as in xl */
void xlm_parse_vfb(const char *spec, struct xlm_vfb *vfb)
{
	char *buf = strdup(spec), *p, *v, *save = NULL;

	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		v = strchr(p, '=');
		if (!v)
			break;
		*v++ = 0;
		if (!strcmp(p, "vnc"))
			vfb->vnc.enable = XLM_BOOL(atoi(v));
		else if (!strcmp(p, "vnclisten"))
			replace(&vfb->vnc.listen, v);
		else if (!strcmp(p, "vncpasswd"))
			replace(&vfb->vnc.passwd, v);
		else if (!strcmp(p, "vncdisplay"))
			vfb->vnc.display = atoi(v);
		else if (!strcmp(p, "vncunused"))
			vfb->vnc.findunused = XLM_BOOL(atoi(v));
		else if (!strcmp(p, "keymap"))
			replace(&vfb->keymap, v);
		else if (!strcmp(p, "sdl"))
			vfb->sdl.enable = XLM_BOOL(atoi(v));
		else if (!strcmp(p, "opengl"))
			vfb->sdl.opengl = XLM_BOOL(atoi(v));
		else if (!strcmp(p, "display"))
			replace(&vfb->sdl.display, v);
		else if (!strcmp(p, "xauthority"))
			replace(&vfb->sdl.xauthority, v);
	}
	free(buf);
}

static const char *opt(const char *item, const char *key)
{
	size_t l = strlen(key);

	return !strncmp(item, key, l) && item[l] == '=' ? item + l + 1 : NULL;
}

/* Walks `key=value' items for usbctrl/usbdev; fn returns 0 or -1. */
typedef int (*item_fn)(const char *where, const char *spec,
		       const char *item, void *dev);

static int walk_items(const char *where, const char *spec, item_fn fn,
		      void *dev)
{
	char *buf = strdup(spec), *p, *save = NULL;
	int e = 0;

	for (p = strtok_r(buf, ",", &save); p && !e;
	     p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		e = fn(where, spec, p, dev);
	}
	free(buf);
	return e;
}

static int usbctrl_item(const char *where, const char *spec,
			const char *item, void *dev)
{
	static const char *const types[] = { "auto", "pv", "devicemodel",
					     "qusb" };
	struct xlm_usbctrl *u = dev;
	const char *v;
	int t;

	if ((v = opt(item, "type"))) {
		if (xlm_enum_parse(types, 0, 4, v, &t)) {
			xlm_spec_error(where, "usbctrl spec `%s': invalid type `%s'",
				       spec, v);
			return -1;
		}
		u->type = t;
	} else if ((v = opt(item, "version"))) {
		u->version = atoi(v);
	} else if ((v = opt(item, "ports"))) {
		u->ports = atoi(v);
	} else {
		xlm_spec_error(where, "usbctrl spec `%s': unknown item `%s'",
			       spec, item);
		return -1;
	}
	return 0;
}

int xlm_parse_usbctrl(const char *where, const char *spec,
		      struct xlm_usbctrl *u)
{
	return walk_items(where, spec, usbctrl_item, u);
}

static int usbdev_item(const char *where, const char *spec,
		       const char *item, void *dev)
{
	struct xlm_usbdev *u = dev;
	const char *v;

	if ((v = opt(item, "type"))) {
		if (strcasecmp(v, "hostdev")) {
			xlm_spec_error(where, "usbdev spec `%s': invalid type `%s'",
				       spec, v);
			return -1;
		}
		u->type = 1;
	} else if ((v = opt(item, "hostbus"))) {
		u->hostbus = (uint8_t)strtoul(v, NULL, 0);
	} else if ((v = opt(item, "hostaddr"))) {
		u->hostaddr = (uint8_t)strtoul(v, NULL, 0);
	} else if ((v = opt(item, "controller"))) {
		u->ctrl = atoi(v);
	} else if ((v = opt(item, "port"))) {
		u->port = atoi(v);
	} else {
		xlm_spec_error(where, "usbdev spec `%s': unknown item `%s'",
			       spec, item);
		return -1;
	}
	return 0;
}

int xlm_parse_usbdev(const char *where, const char *spec,
		     struct xlm_usbdev *u)
{
	return walk_items(where, spec, usbdev_item, u);
}

int xlm_parse_uuid(const char *s, uint8_t uuid[16])
{
	static const int dash[] = { 8, 13, 18, 23 };
	int i, j = 0, d = 0;

	if (strlen(s) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		if (d < 4 && i == dash[d]) {
			if (s[i] != '-')
				return -1;
			d++;
			continue;
		}
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		if (j % 2 == 0)
			uuid[j / 2] = 0;
		uuid[j / 2] |= (uint8_t)((isdigit((unsigned char)s[i]) ? s[i] - '0' :
				(tolower((unsigned char)s[i]) - 'a' + 10)) << (j % 2 ? 0 : 4));
		j++;
	}
	return 0;
}
