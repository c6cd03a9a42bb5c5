/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the agent's shutdown driver and its XenStore client: over a
 * real link pair, a fake XenStore on the host side checks what the driver asks
 * for (feature keys, a watch on control/shutdown, the read and the
 * acknowledging empty write) and when it decides to power off.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tools/agent/link.h"
#include "tools/agent/shutdown.h"
#include "tools/agent/xsclient.h"

static struct xsc xs;
static struct shutdown_drv drv;
static struct link *g, *h;
static int64_t host_id = -1;

static void g_up(void *o) { xsc_link_up(&xs); }
static void g_accepted(void *o, uint32_t id) { xsc_accepted(&xs); shutdown_start(&drv); }
static void g_readable(void *o, uint32_t id) { xsc_readable(&xs); }
static void g_writable(void *o, uint32_t id) { xsc_writable(&xs); }
static void g_closed(void *o, uint32_t id) { xsc_closed(&xs); }

static const struct link_ops gops = {
	.up = g_up, .accepted = g_accepted, .readable = g_readable,
	.writable = g_writable, .closed = g_closed,
};

static int h_open(void *o, uint32_t id, const char *kind)
{
	assert_string_equal(kind, "xenstore");
	host_id = id;
	return 0;
}

static const struct link_ops hops = { .open = h_open };

static void move(struct link *a, struct link *b)
{
	size_t len;
	const void *p;

	while ((p = link_output_peek(a, &len)), len) {
		uint8_t copy[len];

		memcpy(copy, p, len);
		link_output_consume(a, len);
		assert_int_equal(link_input(b, copy, len), 0);
	}
}

static void pump(void)
{
	for (int i = 0; i < 4; i++) {
		move(g, h);
		move(h, g);
	}
}

/* The next request the driver sent, checked against type and payload. */
static uint32_t expect(uint32_t type, const void *payload, size_t len)
{
	uint32_t hdr[4];
	uint8_t body[256];
	const void *p;
	size_t got = 0, n;

	while (got < sizeof(hdr) && (n = link_peek(h, (uint32_t)host_id, &p))) {
		n = n < sizeof(hdr) - got ? n : sizeof(hdr) - got;
		memcpy((uint8_t *)hdr + got, p, n);
		link_consume(h, (uint32_t)host_id, n);
		got += n;
	}
	assert_int_equal(got, sizeof(hdr));
	assert_int_equal(hdr[0], type);
	assert_int_equal(hdr[3], len);
	got = 0;
	while (got < len && (n = link_peek(h, (uint32_t)host_id, &p))) {
		n = n < len - got ? n : len - got;
		memcpy(body + got, p, n);
		link_consume(h, (uint32_t)host_id, n);
		got += n;
	}
	assert_int_equal(got, len);
	assert_memory_equal(body, payload, len);
	return hdr[1];
}

static void reply(uint32_t type, uint32_t req, const void *payload, size_t len)
{
	uint32_t hdr[4] = { type, req, 0, (uint32_t)len };

	assert_int_equal(link_write(h, (uint32_t)host_id, hdr, sizeof(hdr)), sizeof(hdr));
	assert_int_equal(link_write(h, (uint32_t)host_id, payload, len), len);
	pump();
}

static int setup(void **state)
{
	g = link_new(LINK_ROLE_GUEST, &gops, NULL);
	h = link_new(LINK_ROLE_HOST, &hops, NULL);
	xsc_init(&xs, g);
	shutdown_init(&drv, &xs);
	host_id = -1;
	link_start(g);
	link_start(h);
	pump();
	assert_true(host_id > 0);
	assert_int_equal(xsc_stream(&xs), host_id);
	return 0;
}

static int teardown(void **state)
{
	link_free(g);
	link_free(h);
	return 0;
}

static const char feat_off[] = "control/feature-poweroff\0" "1";
static const char feat_reboot[] = "control/feature-reboot\0" "1";
static const char watch[] = "control/shutdown\0xen-kvm-agent";
static const char node[] = "control/shutdown";

/* Advertises, watches; returns the request id of the read after an event. */
static uint32_t handshake_and_event(void)
{
	reply(XS_WRITE, expect(XS_WRITE, feat_off, sizeof(feat_off) - 1), "OK", 3);
	reply(XS_ERROR, expect(XS_WRITE, feat_reboot, sizeof(feat_reboot) - 1), "EACCES", 7);
	reply(XS_WATCH, expect(XS_WATCH, watch, sizeof(watch)), "OK", 3);
	reply(XS_WATCH_EVENT, 0, watch, sizeof(watch));
	return expect(XS_READ, node, sizeof(node));
}

static void test_poweroff_acknowledged(void **state)
{
	uint32_t req = handshake_and_event();

	reply(XS_READ, req, "poweroff", 8);
	assert_int_equal(shutdown_take_action(&drv), POWER_NONE);	/* not yet acked */
	req = expect(XS_WRITE, node, sizeof(node));	/* path\0 and an empty value */
	reply(XS_WRITE, req, "OK", 3);
	assert_int_equal(shutdown_take_action(&drv), POWER_OFF);
	assert_int_equal(shutdown_take_action(&drv), POWER_NONE);
}

static void test_reboot_and_halt(void **state)
{
	uint32_t req = handshake_and_event();

	reply(XS_READ, req, "reboot", 6);
	reply(XS_WRITE, expect(XS_WRITE, node, sizeof(node)), "OK", 3);
	assert_int_equal(shutdown_take_action(&drv), POWER_REBOOT);

	reply(XS_WATCH_EVENT, 0, watch, sizeof(watch));
	reply(XS_READ, expect(XS_READ, node, sizeof(node)), "halt", 4);
	/* an acknowledgement that fails still ends in the action */
	reply(XS_ERROR, expect(XS_WRITE, node, sizeof(node)), "EACCES", 7);
	assert_int_equal(shutdown_take_action(&drv), POWER_HALT);
}

static void test_ignored_values(void **state)
{
	static const char *const values[] = { "", "suspend", "poweroffx", "power" };
	uint32_t req = handshake_and_event();

	for (size_t i = 0; i < 4; i++) {
		reply(XS_READ, req, values[i], strlen(values[i]));
		const void *p;

		assert_int_equal(link_peek(h, (uint32_t)host_id, &p), 0);
		assert_int_equal(shutdown_take_action(&drv), POWER_NONE);
		reply(XS_WATCH_EVENT, 0, watch, sizeof(watch));
		req = expect(XS_READ, node, sizeof(node));
	}
	/* a missing node is no request either */
	reply(XS_ERROR, req, "ENOENT", 7);
	assert_int_equal(shutdown_take_action(&drv), POWER_NONE);
}

static void test_oversized_reply(void **state)
{
	uint32_t hdr[4] = { XS_READ, 1, 0, XS_PAYLOAD_MAX + 1 };

	link_write(h, (uint32_t)host_id, hdr, sizeof(hdr));
	pump();
	assert_int_equal(xsc_stream(&xs), -1);
	assert_true(link_peer_closed(h, (uint32_t)host_id));
}

static void test_reopened_after_restart(void **state)
{
	link_start(h);	/* the host restarted */
	pump();
	assert_true(host_id > 0);
	assert_int_equal(xsc_stream(&xs), host_id);
	reply(XS_WRITE, expect(XS_WRITE, feat_off, sizeof(feat_off) - 1), "OK", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_poweroff_acknowledged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_and_halt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignored_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopened_after_restart, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
