#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-scale.sh: twenty paused domains of the guest kit (real QEMUs under
# TCG, 64 MiB each), the correctness half of tests/bench/xl-scale.sh: each
# create gets its own domid, `xl list` shows all twenty by name, `xl domid`
# and `xl list NAME` find each one, a name in use, a domain bigger than the
# host, one whose memory QEMU cannot map and one for which no domain id is
# left are refused with their reason while twenty run, and after `xl destroy` of each (by name and by number, in an order
# that is not the order of creation) nothing is left: no XenStore node
# under /local/domain, /vm or /libxl (the name index keeps Domain-0), no
# run directory, no saved config, no process of any domain (monitor,
# QEMU, reaper, relays).
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-list xenstore-ls
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP
run=$XEN_KVM_ROOT/var/run/xen-kvm
lib=$XEN_KVM_ROOT/var/lib/xen
N=20

# every process of this test's domains: the pids the state files name,
# their children and QEMU's process group (the reaper)
dom_procs() {
	for s in "$run"/*/state; do
		[ -f "$s" ] || continue
		sed -n 's/^\(monitor\|qemu\)_pid=//p' "$s"
	done | sort -u > "$t/roots"
	for p in $(cat "$t/roots"); do
		echo "$p"
		pgrep -P "$p" || true
		g=$(ps -o pgid= -p "$p" 2>/dev/null | tr -d ' ') && [ -n "$g" ] && pgrep -g "$g" || true
	done | sort -u
}

# alive PID: running; a zombie holds nothing (it waits for whichever init
# reaps orphans, and some never do)
alive() {
	grep -q '^State:[[:space:]]*[^Z[:space:]]' "/proc/$1/status" 2>/dev/null
}

i=1
while [ $i -le $N ]; do
	xl_create_paused "s$i"
	i=$((i + 1))
done
ids=$("$xl" list | awk 'NR > 2 { print $2 }' | sort -n)
[ "$(echo "$ids" | wc -l)" = $N ] || fail "xl list shows $(echo "$ids" | wc -l) domains, not $N: $("$xl" list)"
[ "$(echo "$ids" | sort -u | wc -l)" = $N ] || fail "two domains share a domid: $ids"
[ "$("$xl" list | awk 'NR > 2 && $1 ~ /^s[0-9]+$/ && $5 ~ /p/' | wc -l)" = $N ] ||
	fail "not all $N listed by name and paused: $("$xl" list)"
i=1
while [ $i -le $N ]; do
	d=$("$xl" domid "s$i") || fail "xl domid s$i"
	[ "$("$xl" list "s$i" | awk 'NR == 2 { print $1 " " $2 }')" = "s$i $d" ] ||
		fail "xl list s$i: $("$xl" list "s$i")"
	[ "$(xenstore-read "/local/domain/$d/name")" = "s$i" ] || fail "domain $d is not s$i in XenStore"
	i=$((i + 1))
done
[ "$(xenstore-list /libxl/name | wc -l)" = $((N + 1)) ] || fail "the name index: $(xenstore-ls /libxl/name)"
echo "ok: $N paused domains, each with its own domid, listed and found by name"

procs=$(dom_procs)
[ "$(ls "$lib" | grep -c '^userdata-d\..*\.libxl-json$')" = $N ] || fail "not $N saved configs: $(ls "$lib")"
[ "$(echo "$procs" | wc -l)" -ge $((2 * N)) ] || fail "fewer than a monitor and a QEMU per domain: $procs"
rc=0; "$xl" create -q -p "$t/s7.cfg" 2> "$t/dup.err" || rc=$?
[ $rc != 0 ] && grep -q "s7" "$t/dup.err" || fail "a second s7 was created (rc $rc): $(cat "$t/dup.err")"
[ "$("$xl" list | awk 'NR > 2' | wc -l)" = $N ] || fail "the refused create left a domain: $("$xl" list)"
echo "ok: a name in use is refused among $N domains and nothing is left of it"

# refused NAME WHAT MEMORY REASON: `xl create -p` of NAME (MEMORY MiB) fails
# saying REASON, and the $N domains are all that is left
live_procs() {
	for p in $(pgrep -f "$XEN_KVM_ROOT/" || true); do alive "$p" && echo "$p"; done | wc -l
}
refused() {
	sed -e "s/^name = .*/name = \"$1\"/" -e "s/^memory = .*/memory = $3/" "$t/s1.cfg" > "$t/$1.cfg"
	before=$(live_procs)
	lib_before=$(ls "$lib")
	rc=0; "$xl" create -q -p "$t/$1.cfg" 2> "$t/$1.err" || rc=$?
	[ $rc != 0 ] || fail "$2: created"
	grep -q "$4" "$t/$1.err" || fail "$2: the error does not say \"$4\": $(cat "$t/$1.err")"
	[ "$("$xl" list | awk 'NR > 2' | wc -l)" = $N ] || fail "$2: a domain is left: $("$xl" list)"
	[ "$(xenstore-list /local/domain | wc -l)" = $((N + 1)) ] || fail "$2: left in XenStore: $(xenstore-list /local/domain)"
	! xenstore-read "/libxl/name/$1" > /dev/null 2>&1 || fail "$2: its name is left in the index"
	[ "$(ls "$lib")" = "$lib_before" ] || fail "$2: a saved config is left: $(ls "$lib" | grep -vxF "$lib_before")"
	[ "$(live_procs)" = "$before" ] || fail "$2: a process is left: $(pgrep -af "$XEN_KVM_ROOT/")"
	echo "ok: $2 is refused and nothing is left: $(tail -n 1 "$t/$1.err")"
}
# more memory than the host has: refused before anything exists
host_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
refused big "a domain bigger than the host" $((2 * host_mib)) "not enough memory: the domain needs $((2 * host_mib)) MiB"
# one that passes that check but whose guest RAM QEMU cannot map: QEMU's
# own error reaches the user (a virtual memory limit stands in for a host
# that runs out while QEMU starts)
(ulimit -v 1500000 && refused nomem "a domain QEMU cannot map" 2048 "cannot set up guest memory.*Cannot allocate memory")
# every domain id in use: the ids the domains do not hold are taken by
# hand, as an allocator sees them (a directory each in the run directory)
ls "$run" | grep -E '^[0-9]+$' | sort -n > "$t/held"
seq 1 32751 | grep -vxF -f "$t/held" > "$t/taken"
(cd "$run" && xargs mkdir < "$t/taken")
refused full "a create with all domain ids in use" 64 "all 32751 domain ids (1..32751) are in use"
(cd "$run" && xargs rmdir < "$t/taken")

# destroy: odd ones by number, even ones by name, from the middle out
for i in 10 11 9 12 8 13 7 14 6 15 5 16 4 17 3 18 2 19 1 20; do
	if [ $((i % 2)) = 1 ]; then
		"$xl" destroy "$("$xl" domid "s$i")" || fail "destroy s$i by domid"
	else
		"$xl" destroy "s$i" || fail "destroy s$i"
	fi
	! "$xl" domid "s$i" > /dev/null 2>&1 || fail "s$i still found after its destroy"
done
[ "$("$xl" list | awk 'NR > 2' | wc -l)" = 0 ] || fail "left in xl list: $("$xl" list)"
[ "$(xenstore-list /local/domain)" = 0 ] || fail "left in XenStore: $(xenstore-list /local/domain)"
[ -z "$(xenstore-list /vm 2>/dev/null)" ] || fail "left under /vm: $(xenstore-list /vm)"
[ -z "$(xenstore-list /libxl 2>/dev/null | grep -v '^pci$' | grep -v '^name$')" ] || fail "left under /libxl: $(xenstore-ls /libxl)"
[ "$(xenstore-list /libxl/name)" = Domain-0 ] || fail "left in the name index: $(xenstore-ls /libxl/name)"
# (RUN_DIR/domid is the allocator's lock and counter: it stays)
[ -z "$(ls -A "$run" 2>/dev/null | grep -vx domid)" ] || fail "left in the run directory: $(ls -A "$run")"
[ -z "$(ls "$lib" 2>/dev/null | grep userdata)" ] || fail "left userdata: $(ls "$lib")"
for p in $procs; do
	! alive "$p" || fail "process $p ($(cat "/proc/$p/stat")) outlived its domain"
done
for p in $(pgrep -f "$XEN_KVM_ROOT"); do
	! alive "$p" || fail "process $p names the domains' root: $(tr '\0' ' ' < "/proc/$p/cmdline")"
done
echo "ok: all $N destroyed; nothing left in XenStore, the run directory, the userdata or the process table"
echo PASS
