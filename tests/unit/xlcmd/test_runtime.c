/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_runtime.c: cmocka tests of the runtime pieces behind the commands:
 * the log ring (`xl dmesg': line format, bound, clear) and the save file
 * header (round trip, refusals of foreign and damaged headers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "logring.h"
#include "paths.h"
#include "savefile.h"

static char root[64];

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/xlcmd-rt.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	return setenv("XEN_KVM_ROOT", root, 1);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd);
}

static char *ring(int clear)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(xlrt_logring_read(f, clear), 0);
	fclose(f);
	return buf;
}

static void test_logring(void **state)
{
	char path[4096], *s;
	struct stat st;
	int i;

	(void)state;
	s = ring(0);
	assert_string_equal(s, "");	/* nothing logged yet */
	free(s);
	assert_int_equal(xlrt_log("domain %u renamed from %s to %s", 3, "a", "b"), 0);
	s = ring(0);
	assert_int_equal(strncmp(s, "(XEN) [", 7), 0);
	assert_int_equal(s[11], '-');
	assert_int_equal(s[17], ' ');
	assert_string_equal(s + 26, "] domain 3 renamed from a to b\n");
	free(s);
	/* bounded: old lines go, the newest stays, whole lines only */
	for (i = 0; i < 3000; i++)
		assert_int_equal(xlrt_log("line %05d %s", i,
					  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), 0);
	assert_int_equal(xlrt_path_logring(path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= XLRT_LOGRING_MAX);
	s = ring(0);
	assert_null(strstr(s, "renamed"));
	assert_non_null(strstr(s, "line 02999 "));
	assert_int_equal(strncmp(s, "(XEN) [", 7), 0);
	free(s);
	/* -c: printed once, then empty */
	s = ring(1);
	assert_non_null(strstr(s, "line 02999 "));
	free(s);
	s = ring(0);
	assert_string_equal(s, "");
	free(s);
}

/* the fd at offset 0 whatever stdio buffered */
static int from_start(FILE *f)
{
	fflush(f);
	assert_int_equal(lseek(fileno(f), 0, SEEK_SET), 0);
	return fileno(f);
}

static const struct xlrt_memlayout mem = { 120 * 1024, 8 * 1024, 128 * 1024,
					    100 * 1024 };

static FILE *tmpfile_with(const char *cfg, const char *json, uint64_t *off)
{
	struct xlrt_savehdr h = { .cfg = (char *)cfg, .json = (char *)json,
				  .guest_xs = "data/x\0\3\0\0\0abc",
				  .guest_xs_len = 14, .mem = mem };
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(xlrt_savefile_write(fileno(f), &h, off), 0);
	fseek(f, 0, SEEK_END);
	fputs("QEVM", f);	/* QEMU's stream would start here */
	fflush(f);
	rewind(f);
	return f;
}

static void test_savefile(void **state)
{
	struct xlrt_savehdr h;
	char err[256], magic[33] = { 0 }, rest[5] = { 0 };
	uint64_t off;
	FILE *f = tmpfile_with("name = \"g\"\nmemory = 256\n", "{\"c_info\":{}}", &off);

	(void)state;
	assert_int_equal(off, 4096);
	assert_int_equal(fread(magic, 1, 32, f), 32);
	assert_string_equal(magic, "xen-kvm saved domain, xl format\n");
	if (xlrt_savefile_read(from_start(f), &h, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(h.cfg, "name = \"g\"\nmemory = 256\n");
	assert_string_equal(h.json, "{\"c_info\":{}}");
	assert_int_equal(h.guest_xs_len, 14);
	assert_memory_equal(h.guest_xs, "data/x\0\3\0\0\0abc", 14);
	assert_true(h.has_mem);
	assert_memory_equal(&h.mem, &mem, sizeof(mem));
	assert_int_equal(h.stream_off, 4096);
	/* the fd is left at the stream */
	assert_int_equal(read(fileno(f), rest, 4), 4);
	assert_string_equal(rest, "QEVM");
	/* a save that never recorded its stream's length is refused... */
	assert_int_equal(xlrt_savefile_check_stream(fileno(f), &h, err,
						    sizeof(err)), -22);
	assert_non_null(strstr(err, "did not finish"));
	xlrt_savehdr_free(&h);
	/* ...one that did is fine, and read back the same */
	assert_int_equal(xlrt_savefile_finish(fileno(f), 4), 0);
	if (xlrt_savefile_read(from_start(f), &h, err, sizeof(err)) ||
	    xlrt_savefile_check_stream(fileno(f), &h, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(h.stream_len, 4);
	/* truncated, and overlong */
	assert_int_equal(ftruncate(fileno(f), 4096 + 3), 0);
	assert_int_equal(xlrt_savefile_check_stream(fileno(f), &h, err,
						    sizeof(err)), -22);
	assert_non_null(strstr(err, "truncated: QEMU's stream should be 4 bytes, the file has 3"));
	assert_int_equal(ftruncate(fileno(f), 4096 + 5), 0);
	assert_int_equal(xlrt_savefile_check_stream(fileno(f), &h, err,
						    sizeof(err)), -22);
	assert_non_null(strstr(err, "trailing bytes"));
	xlrt_savehdr_free(&h);
	fclose(f);

	/* version 1 (no length, layout or nodes) is still read */
	f = tmpfile();
	fwrite("xen-kvm saved domain, xl format\n\1\0\0\0\0\0\0\0"
	       "\1\0\0\0\0\0\0\0\2\0\0\0\0\0\0\0\0\020\0\0\0\0\0\0x{}", 1, 67, f);
	assert_int_equal(ftruncate(fileno(f), 4096), 0);
	if (xlrt_savefile_read(from_start(f), &h, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(h.cfg, "x");
	assert_false(h.has_mem);
	assert_int_equal(xlrt_savefile_check_stream(fileno(f), &h, err,
						    sizeof(err)), 0);
	xlrt_savehdr_free(&h);
	fclose(f);

	/* Xen's own save file: refused with the reason */
	f = tmpfile();
	fwrite("Xen saved domain, xl format\n \0 \r", 1, 32, f);
	fwrite("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 1, 32, f);
	assert_int_equal(xlrt_savefile_read(from_start(f), &h, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "a save file of Xen itself"));
	fclose(f);

	/* damaged: header lengths past the stream offset */
	f = tmpfile_with("x", "{}", &off);
	fseek(f, 40, SEEK_SET);
	fputc(0x7f, f);
	fputc(0x7f, f);
	assert_int_equal(xlrt_savefile_read(from_start(f), &h, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "bad header"));
	fclose(f);

	/* damaged: a layout no QEMU was started with */
	f = tmpfile_with("x", "{}", &off);
	fseek(f, 72, SEEK_SET);
	fputc(0x01, f);
	assert_int_equal(xlrt_savefile_read(from_start(f), &h, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "bad header"));
	fclose(f);

	/* truncated */
	f = tmpfile();
	fputs("xen-kvm", f);
	assert_int_equal(xlrt_savefile_read(from_start(f), &h, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "too short"));
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_logring),
		cmocka_unit_test(test_savefile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
