#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# dm-restrict.sh: each domain's QEMU confined by default (xl.cfg(5),
# dm_restrict), read off /proc/PID of the real QEMU of kit guests under
# TCG: a uid of its own (xen-qemuuser-range-base + domid, another for
# another domain), no capability, seccomp in filter mode, a root that is
# an empty directory and not the host's /; the guest boots and talks on
# its console and a channel.  Then the ways out and the refusals:
# device_model_user names the user, dm_restrict = 0 and xl.conf's
# kvm.dm_restrict = 0 run it as root with a warning each, a missing user
# fails the create with nothing left, and a VFIO hot-plug into a
# restricted domain is refused before anything is touched.  (The other
# e2e tests run their domains restricted too: save/restore, migration,
# p9, hot-plug, the reaper when a monitor dies.)
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU changes user and chroots only when started by root"
need_cmd xenstore-read timeout socat
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP
run=$XEN_KVM_ROOT/var/run/xen-kvm
base=$(getent passwd xen-qemuuser-range-base | cut -d: -f3)
base_gid=$(getent passwd xen-qemuuser-range-base | cut -d: -f4)

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
echo "guest: up"
while :; do echo "from-guest" > /dev/hvc1; sleep 1; done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
# cfg NAME [EXTRA-LINE]
cfg() {
	cat > "$t/$1.cfg" <<EOF
name = "$1"
type = "pvh"
kernel = "$(kit_get "$t/kit" kernel)"
ramdisk = "$(kit_get "$t/kit" ramdisk)"
extra = "console=hvc0"
memory = 128
channel = [ "name=org.test.chan, connection=socket, path=$t/$1.sock" ]
${2:-}
EOF
}
status() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
qemu_of() { sed -n 's/^qemu_pid=//p' "$run/$("$xl" domid "$1")/state"; }

cfg r1
cfg r2
"$xl" create -q "$t/r1.cfg" 2> "$t/r1.err" || fail "create r1: $(cat "$t/r1.err")"
"$xl" create -q "$t/r2.cfg" 2> "$t/r2.err" || fail "create r2: $(cat "$t/r2.err")"
[ ! -s "$t/r1.err" ] || fail "a restricted create warned: $(cat "$t/r1.err")"
for n in r1 r2; do
	d=$("$xl" domid $n)
	q=$(qemu_of $n)
	[ -n "$q" ] && kill -0 "$q" || fail "$n: no QEMU"
	want=$((base + d))
	[ "$(status "$q" Uid)" = "$want	$want	$want	$want" ] ||
		fail "$n: QEMU's uids are $(status "$q" Uid), not $want (base $base + domid $d)"
	[ "$(status "$q" Gid)" = "$base_gid	$base_gid	$base_gid	$base_gid" ] ||
		fail "$n: QEMU's gids: $(status "$q" Gid)"
	[ "$(status "$q" Groups | tr -d ' ')" = "$base_gid" ] ||
		[ -z "$(status "$q" Groups | tr -d ' ')" ] || fail "$n: QEMU keeps groups: $(status "$q" Groups)"
	[ "$(status "$q" CapEff)" = 0000000000000000 ] && [ "$(status "$q" CapPrm)" = 0000000000000000 ] ||
		fail "$n: QEMU has capabilities: $(status "$q" CapEff)"
	[ "$(status "$q" Seccomp)" = 2 ] || fail "$n: seccomp is $(status "$q" Seccomp), not filter mode"
	root=$(readlink "/proc/$q/root")
	[ "$root" = "$run/$d/qemu-root" ] || fail "$n: QEMU's root is $root"
	[ "$(ls -A "/proc/$q/root/")" = proc ] || fail "$n: QEMU's root holds $(ls -A "/proc/$q/root/")"
	[ "$(stat -c '%u %a' "$root")" = "0 555" ] || fail "$n: its root is $(stat -c '%u %a' "$root")"
	# its /proc is its own: in its mount namespace only, no system files
	[ "$(readlink "/proc/$q/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] || fail "$n: QEMU shares our mounts"
	! grep -q "qemu-root" /proc/self/mountinfo || fail "$n: its procfs is mounted on the host"
	[ ! -e "/proc/$q/root/proc/sys" ] || fail "$n: QEMU's /proc has /proc/sys"
	eval "uid_$n=$want"
done
[ "$uid_r1" != "$uid_r2" ] || fail "two domains share QEMU's uid $uid_r1"
echo "ok: each QEMU runs as its own uid ($uid_r1, $uid_r2), no capability, seccomp 2, chrooted into an empty root"

# Through it all the guest works: its console and its channel
xl_wait_console 120 r1 '^guest: up$' || fail "r1 did not boot: $(xl_console r1 | tail -5)"
line=$(timeout 30 socat -u "UNIX-CONNECT:$t/r1.sock" - 2>/dev/null | tr -d '\r' | head -1) || true
[ "$line" = from-guest ] || fail "r1's channel gave '$line'"
echo "ok: the restricted guest boots and writes its console and channel"

# device_model_user: that user, still chrooted
cfg u1 'device_model_user = "nobody"'
"$xl" create -q -p "$t/u1.cfg" 2> "$t/u1.err" || fail "create u1: $(cat "$t/u1.err")"
q=$(qemu_of u1)
[ "$(status "$q" Uid | cut -f1)" = "$(id -u nobody)" ] || fail "u1: QEMU's uid $(status "$q" Uid)"
[ "$(readlink "/proc/$q/root")" != / ] || fail "u1: not chrooted"
"$xl" destroy u1
echo "ok: device_model_user = \"nobody\" runs QEMU as nobody, chrooted"

# The ways out, each said at the create
cfg o1 'dm_restrict = 0'
"$xl" create -q -p "$t/o1.cfg" 2> "$t/o1.err" || fail "create o1: $(cat "$t/o1.err")"
grep -q "warning: domain o1: dm_restrict = 0: its QEMU runs as root, unconfined" "$t/o1.err" ||
	fail "dm_restrict = 0 without a warning: $(cat "$t/o1.err")"
q=$(qemu_of o1)
[ "$(status "$q" Uid | cut -f1)" = 0 ] || fail "o1: QEMU's uid $(status "$q" Uid)"
[ "$(readlink "/proc/$q/root")" = / ] || fail "o1: chrooted anyway"
[ "$(status "$q" Seccomp)" = 2 ] || fail "o1: the sandbox went too"
"$xl" destroy o1
echo 'kvm.dm_restrict = 0' > "$XL_CONF"
cfg o2
"$xl" create -q -p "$t/o2.cfg" 2> "$t/o2.err" || fail "create o2: $(cat "$t/o2.err")"
grep -q "^$XL_CONF:1:1: warning: kvm.dm_restrict = 0: domain o2's QEMU runs as root, unconfined" "$t/o2.err" ||
	fail "kvm.dm_restrict = 0 without a warning: $(cat "$t/o2.err")"
[ "$(status "$(qemu_of o2)" Uid | cut -f1)" = 0 ] || fail "o2: QEMU is not root"
"$xl" destroy o2
: > "$XL_CONF"
echo "ok: dm_restrict = 0 and xl.conf kvm.dm_restrict = 0 run QEMU as root, each with a warning"

# A user that does not exist: the create fails, nothing is left
before=$(ls "$run"); xs_before=$(xenstore-list /local/domain)
cfg bad 'device_model_user = "nosuchuser"'
rc=0; "$xl" create -q "$t/bad.cfg" 2> "$t/bad.err" || rc=$?
[ $rc = 1 ] || fail "nosuchuser: rc $rc"
grep -q 'device_model_user "nosuchuser": no such user' "$t/bad.err" || fail "nosuchuser: $(cat "$t/bad.err")"
! "$xl" domid bad > /dev/null 2>&1 || fail "nosuchuser: the domain exists"
[ "$(ls "$run")" = "$before" ] || fail "nosuchuser: left $(ls "$run")"
! pgrep -f "name bad,process=qemu-dm-" > /dev/null || fail "nosuchuser: a QEMU runs"
[ "$(xenstore-list /local/domain)" = "$xs_before" ] || fail "nosuchuser: XenStore has $(xenstore-list /local/domain)"
echo "ok: device_model_user = \"nosuchuser\" fails the create and leaves nothing"

# VFIO into a running restricted QEMU: refused, nothing touched (the BDF
# names no device: a wrong answer could not reach a real one)
rc=0; "$xl" pci-attach r2 0000:7f:1f.7 2> "$t/pci.err" || rc=$?
[ $rc != 0 ] && grep -q "pci-attach: domain $("$xl" domid r2)'s QEMU runs restricted" "$t/pci.err" ||
	fail "pci-attach into a restricted QEMU: rc $rc: $(cat "$t/pci.err")"
echo "ok: pci-attach of a VFIO device into a restricted domain is refused with the reason"
echo PASS
