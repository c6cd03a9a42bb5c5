#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xendomains.sh: the xendomains service (dist/host/xendomains) with real
# guests from the kit under TCG: start creates the configs of
# XENDOMAINS_AUTO (and not twice), status reports them, stop saves every
# domain to XENDOMAINS_SAVE, the next start restores them (the guests'
# counters go on, no second boot) and removes the images, and with no
# XENDOMAINS_SAVE stop shuts the domains down through the guest agent.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
t=$XK_TMP
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
i=0
while true; do echo "tick $i"; i=$((i + 1)); sleep 1; done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)
. "$top_srcdir/tests/lib/xlenv.sh"

mkdir -p "$t/auto"
for n in xdA xdB; do
	cat > "$t/auto/$n.cfg" <<EOF2
name = "$n"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
extra = "console=hvc0"
memory = 96
EOF2
done
cat > "$t/xendomains" <<EOF2
XENDOMAINS_AUTO=$t/auto
XENDOMAINS_SAVE=$t/save
XENDOMAINS_RESTORE=true
XENDOMAINS_CREATE_USLEEP=0
XENDOMAINS_STOP_MAXWAIT=90
EOF2
export XENDOMAINS_CONFIG="$t/xendomains"
PATH=$top_builddir/xl-compat:$PATH
export PATH
xd=$top_srcdir/dist/host/xendomains
doms() { "$xl" list | awk 'NR > 2 { print $1 }' | sort | tr '\n' ' '; }
ticks() { xl_console "$1" | grep "^tick" | tail -n 1 | cut -d' ' -f2; }

rc=0; "$xd" status > "$t/st" || rc=$?
[ "$rc" = 3 ] && grep -q "^xdA: not running" "$t/st" || fail "status before start: rc $rc $(cat "$t/st")"
"$xd" start > "$t/out" 2>&1 || fail "start: $(cat "$t/out")"
[ "$(doms)" = "xdA xdB " ] || fail "after start: $(doms)"
"$xd" start > "$t/out" 2>&1 || fail "second start: $(cat "$t/out")"
[ "$(doms)" = "xdA xdB " ] && grep -q "xdA already runs" "$t/out" || fail "second start made domains: $(doms)"
"$xd" status > "$t/st" || fail "status: $(cat "$t/st")"
grep -q "^xdB: running" "$t/st" || fail "status: $(cat "$t/st")"

# ---- stop saves, start restores: the guests go on where they were
for n in xdA xdB; do
	xl_wait_console 90 "$n" '^tick 2$' || fail "$n never ticked"
done
"$xd" stop > "$t/out" 2>&1 || fail "stop: $(cat "$t/out")"
[ -z "$(doms)" ] || fail "domains left after stop: $(doms)"
[ -s "$t/save/xdA" ] && [ -s "$t/save/xdB" ] || fail "no images: $(ls -l "$t/save")"
[ "$(stat -c %a "$t/save")" = 700 ] || fail "save dir is $(stat -c %a "$t/save")"
lastA=$(ticks xdA)
boots=$(xl_console xdA | grep -c "init ready")
"$xd" start > "$t/out" 2>&1 || fail "start with images: $(cat "$t/out")"
[ "$(doms)" = "xdA xdB " ] || fail "after restore: $(doms)"
[ -z "$(ls "$t/save")" ] || fail "images kept after their restore: $(ls "$t/save")"
xl_wait_console 60 xdA "^tick $((lastA + 2))\$" || fail "xdA's counter did not go on after tick $lastA"
[ "$(xl_console xdA | grep -c "init ready")" = "$boots" ] || fail "xdA booted again instead of resuming"

# ---- a broken image is kept and said, the others still start
"$xd" stop > /dev/null 2>&1 || fail "second stop"
head -c 4096 "$t/save/xdB" > "$t/save/xdB.cut" && mv "$t/save/xdB.cut" "$t/save/xdB"
rc=0; "$xd" start > "$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && grep -q "cannot restore $t/save/xdB (kept)" "$t/out" || fail "broken image: rc $rc $(cat "$t/out")"
[ -s "$t/save/xdB" ] || fail "the broken image was removed"
# xdB's config in XENDOMAINS_AUTO still starts it, fresh
[ "$(doms)" = "xdA xdB " ] || fail "after a failed restore: $(doms)"
rm -f "$t/save/xdB"

# ---- without XENDOMAINS_SAVE, stop shuts the domains down
for n in xdA xdB; do
	wait_for 60 sh -c "xenstore-read /local/domain/\$('$xl' domid $n)/control/feature-poweroff 2>/dev/null | grep -qx 1" ||
		fail "$n's agent never offered poweroff"
done
echo 'XENDOMAINS_SAVE=' >> "$t/xendomains"
"$xd" stop > "$t/out" 2>&1 || fail "stop by shutdown: $(cat "$t/out")"
[ -z "$(doms)" ] || fail "domains left after a shutdown stop: $(doms)"
[ -z "$(ls "$t/save")" ] || fail "a shutdown stop saved: $(ls "$t/save")"
grep -q "shutting down xdA" "$t/out" && ! grep -q "destroying" "$t/out" || fail "stop did not shut down cleanly: $(cat "$t/out")"
echo "PASS: xendomains"
