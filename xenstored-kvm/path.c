/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Path syntax shared by every layer: which absolute node names are valid
 * and where a path's parent ends.
 */
#include <string.h>

#include "store.h"

/* Absolute, characters [A-Za-z0-9-/_@], no "//", no trailing '/'. */
bool xsd_path_valid(const char *path)
{
	const char *p;

	if (path[0] != '/')
		return false;
	if (!path[1])
		return true;
	for (p = path; *p; p++) {
		char c = *p;

		if (c == '/') {
			if (p[1] == '/' || !p[1])
				return false;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '@'))
			return false;
	}
	return true;
}

/* Length of the parent's name: "/a/b" -> 2 ("/a"), "/a" -> 1 ("/"). */
size_t xsd_path_parent_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == path ? 1 : (size_t)(slash - path);
}
