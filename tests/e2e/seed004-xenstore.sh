#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# seed004-xenstore.sh: seed 004's XenStore sharing with our xl, two DomUs of
# the guest kit under TCG (tests/lib/xlenv.sh), each with the unmodified
# xenstore-* tools and the kit's agent: dom0 writes /local/domain/A/... and A
# reads it with xenstore-read; A writes under its tree; B cannot read it
# until A grants it with xenstore-chmod, then B reads it (the node existed
# all along: dom0 reads it, so B's failure was a refusal); A cannot write
# into B's tree nor dom0's; `xl shutdown -w` completes through the agent.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd xenstore-read xenstore-write timeout
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP

# Both guests: w KEY waits for data/KEY (dom0 paces the steps through it).
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
w() { until v=$(xenstore-read "data/$1" 2>/dev/null); do sleep 0.2; done; echo "$v"; }
me=$(xenstore-read domid)
role=$(w role)
peer=$(w peer)
if [ "$role" = a ]; then
	echo "a-read: $(xenstore-read "/local/domain/$me/data/sensor/lux")"
	xenstore-write data/state running && echo "a-wrote: ok"
	if xenstore-write "/local/domain/$peer/data/evil" x 2>/dev/null; then
		echo "a-into-peer: allowed"
	else
		echo "a-into-peer: denied"
	fi
	if xenstore-write /local/domain/0/evil x 2>/dev/null; then
		echo "a-into-dom0: allowed"
	else
		echo "a-into-dom0: denied"
	fi
	w grant > /dev/null
	xenstore-chmod data/state "n$me" "r$peer" && echo "a-chmod: ok"
else
	if v=$(xenstore-read "/local/domain/$peer/data/state" 2>/dev/null); then
		echo "b-before: read $v"
	else
		echo "b-before: refused"
	fi
	w again > /dev/null
	echo "b-after: $(xenstore-read "/local/domain/$peer/data/state" 2>&1)"
fi
echo "guest: waiting"
sleep 600
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
cfg() {
	printf 'name = "%s"\ntype = "pvh"\nkernel = "%s"\nramdisk = "%s"\n' "$1" \
		"$(kit_get "$t/kit" kernel)" "$(kit_get "$t/kit" ramdisk)"
	printf 'extra = "console=hvc0"\nmemory = 256\n'
}
cfg vm-a > "$t/a.cfg"
cfg vm-b > "$t/b.cfg"
"$xl" create -q "$t/a.cfg" 2>"$t/create.err" || fail "create vm-a: $(cat "$t/create.err")"
"$xl" create -q "$t/b.cfg" 2>"$t/create.err" || fail "create vm-b: $(cat "$t/create.err")"
a=$("$xl" domid vm-a)
b=$("$xl" domid vm-b)
con() { xl_console "$1" | sed -n "s/^$2: //p"; }

# dom0 -> DomU state, then A's own writes
xenstore-write "/local/domain/$a/data/sensor/lux" 420
xenstore-write "/local/domain/$a/data/role" a "/local/domain/$a/data/peer" "$b"
xl_wait_console 90 vm-a '^a-into-dom0: ' || fail "vm-a did not get through: $(xl_console vm-a | tail -5)"
[ "$(con vm-a a-read)" = 420 ] || fail "vm-a read '$(con vm-a a-read)', not 420"
echo "ok: dom0 wrote /local/domain/$a/data/sensor/lux, the DomU read it with xenstore-read"
[ "$(con vm-a a-wrote)" = ok ] || fail "vm-a could not write its own data/state"
[ "$(xenstore-read "/local/domain/$a/data/state")" = running ] || fail "dom0 does not see vm-a's data/state"
[ "$(con vm-a a-into-peer)" = denied ] || fail "vm-a wrote into vm-b's tree"
[ "$(con vm-a a-into-dom0)" = denied ] || fail "vm-a wrote into dom0's tree"
! xenstore-read "/local/domain/$b/data/evil" 2>/dev/null || fail "vm-b's tree has vm-a's node"
! xenstore-read /local/domain/0/evil 2>/dev/null || fail "dom0's tree has vm-a's node"
echo "ok: a DomU writes its tree and nothing outside it"

# B without the grant, then with it
xenstore-write "/local/domain/$b/data/role" b "/local/domain/$b/data/peer" "$a"
xl_wait_console 90 vm-b '^b-before: ' || fail "vm-b did not try: $(xl_console vm-b | tail -5)"
[ "$(con vm-b b-before)" = refused ] || fail "vm-b read vm-a's node without a grant: $(con vm-b b-before)"
xenstore-write "/local/domain/$a/data/grant" 1
xl_wait_console 30 vm-a '^a-chmod: ok$' || fail "vm-a's xenstore-chmod failed: $(xl_console vm-a | tail -3)"
xenstore-ls -p "/local/domain/$a/data" | grep -Eq "^state = \"running\" [ .]*\(n$a,r$b\)$" ||
	fail "permissions after chmod: $(xenstore-ls -p "/local/domain/$a/data" | grep state)"
xenstore-write "/local/domain/$b/data/again" 1
xl_wait_console 30 vm-b '^b-after: ' || fail "vm-b did not retry"
[ "$(con vm-b b-after)" = running ] || fail "vm-b could not read after the grant: $(con vm-b b-after)"
echo "ok: B refused without the grant, reads after A's xenstore-chmod"

# xl shutdown -w through the agent
timeout 120 "$xl" shutdown -w vm-a 2>"$t/shut.err" || fail "xl shutdown -w: $(cat "$t/shut.err")"
! "$xl" domid vm-a 2>/dev/null || fail "vm-a still listed after shutdown -w"
xl_console vm-a | grep -q "xen-kvm-agent: poweroff requested by the host" ||
	fail "vm-a's agent did not handle the request"
echo "ok: xl shutdown -w completed through the agent"
echo PASS
