#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-lifecycle.sh: real domains under TCG from the guest kit (with the
# guest agent), on a private xenstored-kvm and a private runtime root.
# Failure paths first (xenstored not running, bad config, missing kernel,
# QEMU dying at start, SIGINT during create): each must leave no QEMU, no
# XenStore nodes, no sockets, no files. Then one domain: create -> list
# (Xen's format) -> console shows the guest's output -> pause/unpause
# (state letters) -> shutdown -w acknowledged by the guest's agent ->
# nothing left. Then on_reboot=restart (same name, new domid), two
# domains at once, and destroy cleaning everything.
# If the guest agent never comes up over the guest link, the shutdown and
# reboot are asked of the guest through its console instead (the guest
# powers off or resets itself), the test says so, and the monitor's
# on_poweroff/on_reboot handling is still checked.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-exists xenstore-list timeout od

xl=$top_builddir/xl-compat/xl
agent=$top_builddir/tools/agent/xen-kvm-agent
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
t=$XK_TMP

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
/usr/sbin/xen-kvm-agent || echo "guest-agent: failed to start"
echo "guest: hello from the guest"
# a channel (hvc1), if the domain has one, says something every second
[ -e /dev/hvc1 ] && ( while :; do echo "guest: tick on hvc1" > /dev/hvc1; sleep 1; done ) &
# commands typed on the console (xl console's input reaches hvc0)
while :; do
	read -r cmd < /dev/hvc0 || sleep 1
	case $cmd in
	poweroff) echo "guest: powering off"; poweroff -f ;;
	reboot) echo "guest: rebooting"; reboot -f ;;
	# what a panicking kernel's pvpanic driver does: 1 to port 0x505
	crash) echo "guest: crashing"; printf '\001' | dd of=/dev/port bs=1 seek=1285 count=1 2>/dev/null ;;
	esac
done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh" \
	--add "$agent:/usr/sbin/xen-kvm-agent"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)

mkdir -p "$t/xs" "$t/xsstate" "$t/root"
"$xsd" -N --rundir "$t/xs" --state-dir "$t/xsstate" </dev/null 2>"$t/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$t/xs/socket" || fail "xenstored-kvm did not start: $(cat "$t/xsd.err")"
export XENSTORED_PATH="$t/xs/socket" XEN_KVM_ROOT="$t/root" XEN_KVM_ACCEL=tcg
export XL_CONF="$t/xl.conf"
xl_conf_init "$XL_CONF"
run=$t/root/var/run/xen-kvm

# Kill whatever the test started, whatever happens.
_lc_cleanup() {
	for p in $(cat "$run"/*/state 2>/dev/null | sed -n 's/^\(monitor\|qemu\)_pid=//p'); do
		[ "$p" -gt 0 ] && kill -9 "$p" 2>/dev/null || true
	done
	_xk_cleanup
}
trap _lc_cleanup EXIT

cfg() {	# NAME [extra lines...]: a pvh config on the kit
	n=$1; shift
	{
		echo "name = \"$n\""
		echo 'type = "pvh"'
		echo "kernel = \"$kernel\""
		echo "ramdisk = \"$ramdisk\""
		echo 'extra = "console=hvc0"'
		echo 'memory = 256'
		echo 'vcpus = 1'
		for l in "$@"; do echo "$l"; done
	} > "$t/$n.cfg"
	echo "$t/$n.cfg"
}

# why_d2: what a failed restart step leaves to look at.
why_d2() {
	echo "--- xl list:"; "$xl" list 2>&1
	echo "--- monitor log (xl-d2.log):"; tail -n 30 "$t/root/var/log/xen/xl-d2.log" 2>&1
	echo "--- console (guest-d2.log):"; tr -d '\r' < "$t/root/var/log/xen/console/guest-d2.log" 2>&1 | grep -v '^\[' | tail -n 30
	echo "--- QEMU (qemu-dm-d2.log):"; tail -n 10 "$t/root/var/log/xen/qemu-dm-d2.log" 2>&1
}
domid_of() { "$xl" domid "$1" 2>/dev/null || "$xl" list | awk -v n="$1" '$1 == n { print $2 }'; }

# Nothing of domain $1 remains (and no QEMU of it runs).
assert_clean() {
	d=$1 what=$2
	[ ! -e "$run/$d" ] || fail "$what: $run/$d remains: $(ls -la "$run/$d")"
	! xenstore-exists "/local/domain/$d" 2>/dev/null || fail "$what: /local/domain/$d remains"
	! xenstore-exists "/libxl/$d" 2>/dev/null || fail "$what: /libxl/$d remains"
	for k in qdisk vif console 9pfs; do
		! xenstore-exists "/local/domain/0/backend/$k/$d" 2>/dev/null ||
			fail "$what: backend $k/$d remains"
	done
	[ ! -e "$t/xs/domain/$d" ] || fail "$what: xenstored still serves domain $d"
	! pgrep -f -- "$run/$d/" >/dev/null ||
		fail "$what: a QEMU of domain $d runs: $(pgrep -af -- "$run/$d/")"
	! ls "$t/root/var/lib/xen"/userdata-d."$d".* >/dev/null 2>&1 ||
		fail "$what: saved config of $d remains"
}
# No domain at all (beyond Domain-0) and no vm nodes.
assert_none() {
	[ -z "$(ls "$run" 2>/dev/null | grep -v '^domid$' || true)" ] ||
		fail "$1: $run holds $(ls "$run")"
	[ -z "$(xenstore-list /vm 2>/dev/null || true)" ] || fail "$1: /vm holds $(xenstore-list /vm)"
	[ "$("$xl" list | wc -l)" = 2 ] || fail "$1: xl list shows more than Domain-0: $("$xl" list)"
}

# ------------------------------------------------------- failure paths
c=$(cfg f1)
out=$(XENSTORED_PATH="$t/nowhere" "$xl" create "$c" 2>&1) && fail "create without xenstored succeeded"
echo "$out" | grep -q "cannot connect to xenstored" || fail "no xenstored: $out"
assert_none "no xenstored"
echo "ok: xenstored not running: '$(echo "$out" | tail -1)', nothing left"

printf 'name = "f2"\nmemory = = 3\n' > "$t/bad.cfg"
rc=0; out=$("$xl" create "$t/bad.cfg" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "bad config: exit $rc: $out"
assert_none "bad config"
echo "ok: bad config exits 1, nothing left"

c=$(cfg f3 'kernel = "/nonexistent/vmlinuz"')
rc=0; out=$("$xl" create "$c" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "missing kernel: exit $rc: $out"
echo "$out" | grep -q "/nonexistent/vmlinuz" || fail "missing kernel: the error does not name it: $out"
assert_clean 1 "missing kernel"
assert_none "missing kernel"
echo "ok: missing kernel: '$(echo "$out" | tail -1)', nothing left"

c=$(cfg f4 'device_model_args = [ "-no-such-option" ]')
rc=0; out=$("$xl" create "$c" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "QEMU dying at start: exit $rc: $out"
echo "$out" | grep -q "no-such-option" || fail "QEMU's own error is not shown: $out"
assert_none "QEMU dying at start"
echo "ok: QEMU dying at start: '$(echo "$out" | tail -1)', nothing left"

# SIGINT while QEMU starts: a wrapper holds the start (60 s at most), so the
# interrupted create finds it still starting and must kill it.
cat > "$t/slowqemu" <<SLOW
#!/bin/sh
case "\$*" in *-qmp*) i=0; while [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done ;; esac
exec "$QEMU" "\$@"
SLOW
chmod +x "$t/slowqemu"
c=$(cfg f5 "device_model_override = \"$t/slowqemu\"")
"$xl" create "$c" > "$t/f5.out" 2>&1 &
xpid=$!
wait_for 20 sh -c "ls '$run' | grep -qv '^domid\$'" || fail "create f5 never allocated a domain"
wait_for 20 pgrep -f "$t/slowqemu" >/dev/null || fail "the slow QEMU never started"
kill -INT $xpid
rc=0; wait $xpid || rc=$?
[ "$rc" != 0 ] || fail "interrupted create exited 0: $(cat "$t/f5.out")"
grep -q "interrupted" "$t/f5.out" || fail "interrupted create: $(cat "$t/f5.out")"
wait_for 10 sh -c "! pgrep -f $t/[s]lowqemu >/dev/null" || fail "QEMU survived the interrupted create"
assert_none "SIGINT during create"
echo "ok: SIGINT during create: '$(tail -1 "$t/f5.out")', nothing left"

# Two creates racing for one name: exactly one wins (the name is checked
# inside the XenStore transaction, as libxl does).
c=$(cfg race)
"$xl" create -q -p "$c" 2> "$t/race1" & r1=$!
"$xl" create -q -p "$c" 2> "$t/race2" & r2=$!
rc1=0; wait $r1 || rc1=$?
rc2=0; wait $r2 || rc2=$?
[ $((rc1 + rc2)) = 1 ] || fail "racing creates: exit $rc1 and $rc2: $(cat "$t/race1" "$t/race2")"
cat "$t/race1" "$t/race2" | grep -q 'Domain with name "race" already exists' || fail "racing creates: $(cat "$t/race1" "$t/race2")"
[ "$("$xl" list | grep -c '^race ')" = 1 ] || fail "racing creates: $("$xl" list)"
"$xl" destroy race
assert_none "racing creates"
echo "ok: two creates racing for one name: one domain, the other told it exists"

# ------------------------------------------------------- one domain
c=$(cfg d1)
start=$(date +%s%N)
"$xl" create "$c" 2> "$t/create.err" || fail "create d1: $(cat "$t/create.err")"
echo "ok: xl create returned in $(( ($(date +%s%N) - start) / 1000000 )) ms: $(tr '\n' '|' < "$t/create.err")"
grep -q "^accel: tcg" "$t/create.err" || fail "no accel notice: $(cat "$t/create.err")"
d1=$(domid_of d1)
[ -n "$d1" ] || fail "xl list does not show d1: $("$xl" list)"
mon1=$(sed -n 's/^monitor_pid=//p' "$run/$d1/state")
[ "$(tr -d '\0' < /proc/$mon1/cmdline)" = "xl-monitor: d1" ] || fail "ps shows the monitor as '$(tr -d '\0' < /proc/$mon1/cmdline)'"
echo "ok: ps shows the monitor as 'xl-monitor: d1'"
"$xl" list > "$t/list"
[ "$(head -1 "$t/list")" = "$(printf 'Name                                        ID   Mem VCPUs\tState\tTime(s)')" ] ||
	fail "list header: $(head -1 "$t/list")"
row=$(grep '^d1 ' "$t/list")
exp=$(printf '%-40s %5d %5d %5d     ' d1 "$d1" 256 1)
case $row in "$exp"[r-][b-]----"  "*) ;; *) fail "list row '$row' not in Xen's format ('$exp...')" ;; esac
echo "ok: xl list: '$row'"
"$xl" list -l d1 > "$t/listl"
/usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1])); assert a[0]['domid']==$d1 and a[0]['config']['c_info']['name']=='d1', a" "$t/listl" ||
	fail "xl list -l: $(head -20 "$t/listl")"
echo "ok: xl list -l gives [{domid, config}]"
[ "$(xenstore-read /local/domain/$d1/name)" = d1 ] || fail "no ~/name"
[ "$(xenstore-read /local/domain/$d1/memory/static-max)" = 262144 ] || fail "memory/static-max"
[ "$(xenstore-read /local/domain/$d1/cpu/0/availability)" = online ] || fail "cpu/0/availability"
[ "$(xenstore-read /libxl/$d1/type)" = pvh ] || fail "/libxl/D/type"
vm=$(xenstore-read /local/domain/$d1/vm)
[ "$(xenstore-read "$vm/name")" = d1 ] || fail "$vm/name"
echo "ok: XenStore layout (name, memory, cpu, /libxl, $vm)"
# ~/console is dom0's and read-only to the guest, as libxl makes it: a
# guest that rewrote ~/console/tty would send `xl console' elsewhere
[ "$(xenstore-ls -p /local/domain/$d1 | sed -n 's/^console = .*(\(.*\))$/\1/p')" = "n0,r$d1" ] ||
	fail "~/console perms: $(xenstore-ls -p /local/domain/$d1 | grep '^console')"
XENSTORED_PATH="$t/xs/domain/$d1" xenstore-write /local/domain/$d1/console/tty /dev/pts/99 2>/dev/null &&
	fail "the guest rewrote its ~/console/tty"
[ "$(XENSTORED_PATH="$t/xs/domain/$d1" xenstore-read /local/domain/$d1/console/tty)" != /dev/pts/99 ] ||
	fail "~/console/tty changed"
echo "ok: ~/console is dom0's, the guest only reads it"

wait_for 120 sh -c "timeout 2 '$xl' console d1 </dev/null 2>/dev/null | tr -d '\r' | grep -q '^guest: hello from the guest'" ||
	fail "console: no guest output: $(timeout 2 "$xl" console d1 </dev/null | tail -5)"
echo "ok: xl console shows the guest's 'guest: hello from the guest'"

"$xl" pause d1
"$xl" list d1 | grep -q '^d1 .*  --p---  ' || fail "pause: $("$xl" list d1)"
"$xl" unpause d1
"$xl" list d1 | grep -q '^d1 .*  -[-b]-\?---\?  ' && "$xl" list d1 | grep -vq -- '--p---' ||
	fail "unpause: $("$xl" list d1)"
echo "ok: pause/unpause: --p--- then $("$xl" list d1 | awk 'NR==2 {print $5}')"

# PV if the agent is up; else the guest is asked on its console
agent_up() {
	wait_for 45 sh -c "[ \"\$(xenstore-read /local/domain/$1/control/feature-poweroff 2>/dev/null)\" = 1 ]"
}
if agent_up "$d1"; then
	"$xl" shutdown -w d1 2> "$t/shutdown.err" || fail "shutdown -w: $(cat "$t/shutdown.err")"
	grep -q "Domain $d1 has been shut down, reason code 0" "$t/shutdown.err" || fail "shutdown -w: $(cat "$t/shutdown.err")"
	grep -q "PV control interface not available" "$t/shutdown.err" && fail "shutdown went through ACPI"
	grep -q "xen-kvm-agent: poweroff requested by the host" "$t/root/var/log/xen/console/guest-d1.log" ||
		fail "the guest did not see the poweroff request"
	how="xl shutdown -w, acknowledged by the guest agent"
else
	echo "NOTE: the guest agent did not come up over the guest link within 60 s (console: $(tail -1 "$t/root/var/log/xen/console/guest-d1.log")); asking the guest to power off through its console instead"
	echo poweroff | timeout 10 "$xl" console d1 > /dev/null || true
	"$xl" list d1 >/dev/null 2>&1 && wait_for 60 sh -c "! '$xl' list d1 >/dev/null 2>&1"
	grep -q "guest: powering off" "$t/root/var/log/xen/console/guest-d1.log" || fail "the guest did not read 'poweroff' from its console"
	how="the guest powered off (input through xl console), on_poweroff=destroy"
fi
wait_for 10 sh -c "! test -e '$run/$d1'" || fail "domain $d1 still exists"
assert_clean "$d1" "shutdown"
assert_none "shutdown"
echo "ok: $how; domain $d1 gone without a trace"

# ------------------------------------------------------- restart
c=$(cfg d2 'on_reboot = "restart"' 'on_crash = "preserve"')
"$xl" create -q "$c" || fail "create d2"
d2=$(domid_of d2)
if agent_up "$d2"; then
	"$xl" reboot d2 2> "$t/reboot.err" || fail "reboot: $(cat "$t/reboot.err")"
else
	echo "NOTE: no guest agent on d2 either; the guest reboots itself (input through xl console)"
	wait_for 120 sh -c "grep -q '^guest: hello' '$t/root/var/log/xen/console/guest-d2.log'" || fail "d2 did not boot"
	echo reboot | timeout 10 "$xl" console d2 > /dev/null || true
fi
wait_for 60 sh -c "[ \"\$('$xl' domid d2 2>/dev/null || echo $d2)\" != $d2 ]" || { why_d2; fail "d2 did not restart"; }
wait_for 30 sh -c "'$xl' list d2 >/dev/null 2>&1" || { why_d2; fail "d2 did not come back"; }
d2b=$(domid_of d2)
[ -n "$d2b" ] && [ "$d2b" != "$d2" ] || fail "restart: domid $d2 -> '$d2b'"
assert_clean "$d2" "restart (old domain)"
echo "ok: on_reboot=restart: d2 is now domain $d2b (was $d2), the old one left nothing"

# on_crash=preserve: the guest reports a panic through pvpanic (QMP
# GUEST_PANICKED); the domain stays, crashed.
wait_for 120 sh -c "[ \"\$(grep -c '^guest: hello' '$t/root/var/log/xen/console/guest-d2.log')\" -ge 2 ]" || { why_d2; fail "the restarted d2 did not boot"; }
echo crash | timeout 10 "$xl" console d2 > /dev/null || true
wait_for 30 sh -c "'$xl' list d2 | grep -q '^d2 .*  ---sc-  '" || fail "on_crash=preserve: $("$xl" list d2)"
"$xl" list -v d2 | grep -q "^d2 .*  ---sc-  .* [0-9a-f-]\{36\}        3 \{16\}-\$" || fail "list -v reason code: $("$xl" list -v d2)"
echo "ok: on_crash=preserve after a pvpanic report: d2 shows ---sc- as on Xen (list -v: reason code 3)"

# ------------------------------------------------------- two at once
c3=$(cfg d3 'on_poweroff = "preserve"')
c4=$(cfg d4 'channel = [ "name=org.test.pty,connection=pty" ]' \
	'on_reboot = "rename-restart"' 'on_poweroff = "coredump-destroy"' 'memory = 128')
"$xl" create -q "$c3" & p3=$!
"$xl" create -q "$c4" & p4=$!
wait $p3 || fail "create d3"
wait $p4 || fail "create d4"
d3=$(domid_of d3); d4=$(domid_of d4)
[ -n "$d3" ] && [ -n "$d4" ] && [ "$d3" != "$d4" ] || fail "two creates: domids '$d3' '$d4'"
[ "$("$xl" list | wc -l)" = 5 ] || fail "list with three domains: $("$xl" list)"
rc=0; "$xl" create -q "$c3" 2>"$t/dup.err" || rc=$?
[ "$rc" = 1 ] && grep -q 'already exists' "$t/dup.err" || fail "a second d3: $rc $(cat "$t/dup.err")"
echo "ok: two concurrent creates got domains $d3 and $d4; a duplicate name is refused"

tty=$(xenstore-read /local/domain/$d4/device/console/1/tty) || fail "no tty for d4's pty channel"
case $tty in /dev/pts/*) ;; *) fail "d4's pty channel tty: '$tty'" ;; esac
[ "$(xenstore-read /local/domain/0/backend/console/$d4/1/name)" = org.test.pty ] || fail "channel backend name"
echo "ok: d4's pty channel is device/console/1 with tty=$tty"

wait_for 120 sh -c "grep -q '^guest: hello' '$t/root/var/log/xen/console/guest-d3.log'" || fail "d3 did not boot"
echo poweroff | timeout 10 "$xl" console d3 > /dev/null || true
wait_for 60 sh -c "'$xl' list d3 | grep -q '^d3 .*  ---s--  '" || fail "on_poweroff=preserve: $("$xl" list d3)"
[ -d "$run/$d3" ] && xenstore-exists /local/domain/$d3 || fail "the preserved domain lost its state"
echo "ok: on_poweroff=preserve keeps d3 as ---s-- until destroyed"

# rename-restart: the old d4 is kept (shut down) under a new name, a new
# d4 starts; coredump-destroy: the new one's memory is dumped on poweroff.
wait_for 120 sh -c "grep -q '^guest: hello' '$t/root/var/log/xen/console/guest-d4.log'" || fail "d4 did not boot"
timeout 6 "$xl" console -n 1 d4 < /dev/null > "$t/hvc1" 2>&1 || true
grep -q '^guest: tick on hvc1' "$t/hvc1" || fail "xl console -n 1 (the pty channel): $(head -3 "$t/hvc1")"
echo "ok: xl console -n 1 shows what the guest writes to its channel's /dev/hvc1"
echo reboot | timeout 10 "$xl" console d4 > /dev/null || true
wait_for 60 sh -c "'$xl' list d4--incarnation-1 2>/dev/null | grep -q '^d4--incarnation-1 .*  ---s--  '" ||
	fail "rename-restart: $("$xl" list)"
[ "$(domid_of d4--incarnation-1)" = "$d4" ] || fail "the renamed domain is not the old d4 ($d4): $("$xl" list)"
wait_for 30 sh -c "'$xl' list d4 >/dev/null 2>&1" || fail "rename-restart: no new d4: $("$xl" list)"
d4b=$(domid_of d4)
[ "$d4b" != "$d4" ] || fail "rename-restart: d4 kept domid $d4"
[ "$(xenstore-read /local/domain/$d4/name)" = d4--incarnation-1 ] || fail "old d4's XenStore name"
echo "ok: on_reboot=rename-restart: domain $d4 is kept as d4--incarnation-1 (---s--), d4 is now domain $d4b"
wait_for 120 sh -c "[ \"\$(grep -c '^guest: hello' '$t/root/var/log/xen/console/guest-d4.log')\" -ge 2 ]" || fail "the new d4 did not boot"
echo poweroff | timeout 10 "$xl" console d4 > /dev/null || true
wait_for 120 sh -c "! test -e '$run/$d4b'" || fail "coredump-destroy: domain $d4b still there"
dump=$t/root/var/lib/xen/dump/d4
[ -s "$dump" ] || fail "coredump-destroy: no $dump"
od -An -c -N4 "$dump" | tr -d ' \n' | grep -q '177ELF' || fail "the dump is not an ELF core: $(od -An -c -N4 "$dump")"
assert_clean "$d4b" "coredump-destroy"
echo "ok: on_poweroff=coredump-destroy dumped $(( $(stat -c %s "$dump") / 1048576 )) MiB (ELF core) and cleaned up"
"$xl" destroy d4--incarnation-1 || fail "destroy d4--incarnation-1"
assert_clean "$d4" "destroy of the renamed domain"

# A monitor that dies takes QEMU with it (PDEATHSIG); list shows the
# domain dying, and destroy cleans up after it.
m3=$(sed -n 's/^monitor_pid=//p' "$run/$d3/state")
q3=$(sed -n 's/^qemu_pid=//p' "$run/$d3/state")
kill -9 "$m3"
wait_for 10 sh -c "! kill -0 $q3 2>/dev/null || grep -q '^State:.Z' /proc/$q3/status" || fail "QEMU of d3 outlived its monitor"
"$xl" list d3 > "$t/l3" && grep -q "^d3 .*  ---s-d  " "$t/l3" || fail "a domain without monitor: $(cat "$t/l3")"
echo "ok: killing d3's monitor takes its QEMU along; xl list shows ---s-d"

mons=$(sed -n 's/^monitor_pid=//p' "$run"/*/state)
for n in d2 d3; do
	d=$(domid_of $n)
	"$xl" destroy $n || fail "destroy $n"
	assert_clean "$d" "destroy $n"
done
assert_none "destroy"
for p in $mons; do
	wait_for 5 sh -c "! kill -0 $p 2>/dev/null" || fail "monitor $p remains"
done
echo "ok: destroy removed QEMU, monitor, XenStore nodes, sockets and the domain dir"
