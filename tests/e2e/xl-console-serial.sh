#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-console-serial.sh: the consoles as Xen users reach them. An HVM guest
# from the kit booted with console=ttyS0 and serial="pty" (the usual HVM
# config): ~/serial/0/tty is written, `xl console` (its primary console,
# the emulated serial port, as on Xen) and `xl console -t serial` show what
# it printed before and after attaching and carry input to ttyS0, `-t pv`
# is its hvc0; the serial port is logged beside the PV console. A PVH
# guest: its primary console is the PV one, it has no serial console.
# Refusals: -t vuart, an unknown -t, a serial port the domain lacks.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-exists timeout
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP
logs=$XEN_KVM_ROOT/var/log/xen/console

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
# ttyS0 answers what it is sent; hvc0 and ttyS0 both count
( while read -r l < /dev/ttyS0; do echo "guest: got $l" > /dev/ttyS0; done ) &
i=0
while :; do
	echo "guest: serial tick $i" > /dev/ttyS0
	[ -e /dev/hvc0 ] && echo "guest: hvc tick $i" > /dev/hvc0
	i=$((i + 1))
	sleep 1
done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh" --no-agent
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)

cfg() {	# NAME TYPE EXTRA [LINES...]
	n=$1 ty=$2 ex=$3; shift 3
	{
		printf 'name = "%s"\ntype = "%s"\n' "$n" "$ty"
		printf 'kernel = "%s"\nramdisk = "%s"\n' "$kernel" "$ramdisk"
		printf 'extra = "%s"\nmemory = 128\nvcpus = 1\n' "$ex"
		for l in "$@"; do echo "$l"; done
	} > "$t/$n.cfg"
}
# console ARGS...: what `xl console ARGS' shows in 8 s with no input
console() { timeout 8 "$xl" console "$@" < /dev/null 2>&1 | tr -d '\r' || true; }

cfg h hvm "console=ttyS0" 'serial = "pty"' 'vnc = 0'
cfg p pvh "console=hvc0"
"$xl" create -q "$t/h.cfg" 2> "$t/create.err" || fail "create h: $(cat "$t/create.err")"
"$xl" create -q "$t/p.cfg" 2> "$t/create.err" || fail "create p: $(cat "$t/create.err")"
h=$("$xl" domid h)
p=$("$xl" domid p)

# ---------------------------------------------------------------- HVM
tty=$(xenstore-read "/local/domain/$h/serial/0/tty") || fail "no ~/serial/0/tty"
[ "$tty" = "$XEN_KVM_ROOT/var/run/xen-kvm/$h/serial0-xl.sock" ] && [ -S "$tty" ] ||
	fail "~/serial/0/tty is '$tty'"
echo "ok: ~/serial/0/tty names the serial console's relay"
sl="$logs/guest-h-serial0.log"
wait_for 240 sh -c "tr -d '\r' < '$sl' 2>/dev/null | grep -q '^guest: serial tick 3$'" ||
	fail "the serial log never showed ticks: $(tail -5 "$sl" 2>&1); console log: $(xl_console h | tail -5)"
wait_for 60 sh -c "tr -d '\r' < '$logs/guest-h.log' | grep -q '^guest: hvc tick 3$'" ||
	fail "hvc0 never ticked: $(xl_console h | tail -5)"
! tr -d '\r' < "$logs/guest-h.log" | grep -q 'serial tick' ||
	fail "the PV console's log holds the serial port's output"
echo "ok: the serial port is logged in guest-h-serial0.log, hvc0 in guest-h.log"

console h > "$t/primary"
grep -q '^guest: serial tick 0$' "$t/primary" ||
	fail "xl console h: no replay of the first serial line: $(head -3 "$t/primary")"
n=$(grep -c '^guest: serial tick' "$t/primary")
last=$(tr -d '\r' < "$sl" | grep -c '^guest: serial tick')
[ "$n" -ge 4 ] && ! grep -q 'hvc tick' "$t/primary" ||
	fail "xl console h shows $n serial lines (log: $last): $(tail -3 "$t/primary")"
echo "ok: xl console on HVM is the serial port (replay from the first line, then live)"

console -t serial h > "$t/serial"
grep -q '^guest: serial tick' "$t/serial" && ! grep -q 'hvc tick' "$t/serial" ||
	fail "xl console -t serial h: $(tail -3 "$t/serial")"
console -t pv h > "$t/pv"
grep -q '^guest: hvc tick' "$t/pv" && ! grep -q 'serial tick' "$t/pv" ||
	fail "xl console -t pv h: $(tail -3 "$t/pv")"
echo "ok: -t serial and -t pv pick the serial port and hvc0"

printf 'ping-over-serial\n' | timeout 8 "$xl" console -t serial h > /dev/null 2>&1 || true
wait_for 60 sh -c "tr -d '\r' < '$sl' | grep -q '^guest: got ping-over-serial$'" ||
	fail "input through xl console -t serial never reached ttyS0: $(tail -3 "$sl")"
echo "ok: xl console -t serial carries input to the guest's ttyS0"

rc=0; "$xl" console -t serial -n 1 h < /dev/null > "$t/out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "domain $h has no serial console 1" "$t/out" ||
	fail "serial console 1 of h: rc $rc $(cat "$t/out")"

# ---------------------------------------------------------------- PVH
wait_for 120 sh -c "tr -d '\r' < '$logs/guest-p.log' 2>/dev/null | grep -q '^guest: hvc tick 1$'" ||
	fail "p never ticked: $(xl_console p | tail -5)"
console p > "$t/pprimary"
grep -q '^guest: hvc tick' "$t/pprimary" || fail "xl console p: $(tail -3 "$t/pprimary")"
! xenstore-exists "/local/domain/$p/serial" || fail "a PVH domain has ~/serial"
rc=0; "$xl" console -t serial p < /dev/null > "$t/out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "domain $p has no serial console 0" "$t/out" ||
	fail "xl console -t serial on PVH: rc $rc $(cat "$t/out")"
echo "ok: on PVH the primary console is hvc0 and -t serial is refused"

# ---------------------------------------------------------------- refusals
rc=0; "$xl" console -t vuart h > "$t/out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -q "vuart is the Arm guests' emulated UART" "$t/out" ||
	fail "-t vuart: rc $rc $(cat "$t/out")"
rc=0; "$xl" console -t bogus h > "$t/out" 2>&1 || rc=$?
[ $rc = 1 ] && grep -qx "console type supported are: pv, serial, vuart" "$t/out" ||
	fail "-t bogus: rc $rc $(cat "$t/out")"
echo "ok: -t vuart and an unknown type are refused (exit 1)"

"$xl" destroy h || fail "destroy h"
[ ! -e "$tty" ] || fail "the serial socket outlived the domain"
[ -s "$sl" ] || fail "the serial log went with the domain"
echo "ok: destroy removes the relay, keeps the log"
