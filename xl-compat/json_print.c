/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json_print.c: prints a json-c object the way libxl's yajl generator does
 * with beautify on: 4-space indent, `"key": value', empty maps and arrays
 * as an opening line, an empty line and the closing bracket, a final
 * newline. Matching it byte for byte lets Xen's own tests diff our output.
 */
#include <stdio.h>

#include "xlmodel.h"

static void indent(FILE *out, int depth)
{
	int i;

	for (i = 0; i < depth; i++)
		fputs("    ", out);
}

static void print(FILE *out, json_object *o, int depth)
{
	int first = 1;

	switch (json_object_get_type(o)) {
	case json_type_object:
		fputs("{\n", out);
		json_object_object_foreach(o, key, val) {
			json_object *k = json_object_new_string(key);

			if (!first)
				fputs(",\n", out);
			first = 0;
			indent(out, depth + 1);
			fprintf(out, "%s: ", json_object_to_json_string_ext(k, JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(k);
			print(out, val, depth + 1);
		}
		fputc('\n', out);
		indent(out, depth);
		fputc('}', out);
		break;
	case json_type_array: {
		size_t i, n = json_object_array_length(o);

		fputs("[\n", out);
		for (i = 0; i < n; i++) {
			if (i)
				fputs(",\n", out);
			indent(out, depth + 1);
			print(out, json_object_array_get_idx(o, i), depth + 1);
		}
		fputc('\n', out);
		indent(out, depth);
		fputc(']', out);
		break;
	}
	case json_type_null:
		fputs("null", out);
		break;
	default:
		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE), out);
	}
}

void xlm_json_print(FILE *out, json_object *obj)
{
	print(out, obj, 0);
	fputc('\n', out);
}
