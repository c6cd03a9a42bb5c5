/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An HVM domain's serial ports (serial.h). */
#include <string.h>

#include "serial.h"

int xlrt_serial_count(const struct xlm_domain *d)
{
	const struct xlm_hvm *h = &d->b_info.hvm;
	int n = 0;

	if (d->b_info.type != XLM_TYPE_HVM)
		return 0;
	if (h->serial_list)
		while (h->serial_list[n])
			n++;
	else if (h->serial)
		n = 1;
	return n;
}

const char *xlrt_serial_spec(const struct xlm_domain *d, int i)
{
	const struct xlm_hvm *h = &d->b_info.hvm;

	return h->serial_list ? h->serial_list[i] : h->serial;
}

bool xlrt_serial_relayed(const struct xlm_domain *d, int i)
{
	return !strcmp(xlrt_serial_spec(d, i), "pty");
}
