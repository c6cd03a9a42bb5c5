#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-migrate-ssh.sh: `xl migrate' over a real ssh to this host, as on Xen:
# a private sshd on 127.0.0.1 (generated host and client keys, its own
# AuthorizedKeysFile, no PAM) runs `xl migrate-receive' for the root login.
# A PVH, an HVM and a PV guest (tests/lib/saveguest.sh: 128 MiB, 2 vCPUs,
# two disks, a socket channel, the guest agent) move: the counter goes on
# after the move (no reboot) with the uptime, MemTotal is the same, the
# vCPUs, disks, channel (its socket at path= again, though source and
# target lived on one host) and XenStore work; the source domain is gone,
# and the logs keep the domain's name.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "sshd and a root login over it"
need_cmd ssh ssh-keygen python3 xenstore-read truncate
[ -x /usr/sbin/sshd ] || skip "needs /usr/sbin/sshd (dist/setup --deps installs openssh-server)"
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/saveguest.sh"
sg_kit

# ---------------------------------------------------------------- sshd
s=$XK_TMP/ssh
mkdir -p "$s" /run/sshd	# /run/sshd: sshd's privilege separation directory
ssh-keygen -q -t ed25519 -N '' -f "$s/host_key" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -f "$s/id" || fail "client key"
cp "$s/id.pub" "$s/authorized_keys"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# the session gets this test's xl and runtime, as a target host has its own
cat > "$s/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $s/host_key
AuthorizedKeysFile $s/authorized_keys
PidFile none
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
SetEnv PATH=$top_builddir/xl-compat:/usr/sbin:/usr/bin:/sbin:/bin XENSTORED_PATH=$XENSTORED_PATH XEN_KVM_ROOT=$XEN_KVM_ROOT XEN_KVM_ACCEL=$XEN_KVM_ACCEL XL_CONF=$XL_CONF
CFG
/usr/sbin/sshd -D -e -f "$s/sshd_config" 2> "$s/sshd.log" &
cleanup_pid $!
sshcmd="ssh -p $port -i $s/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes"
wait_for 20 sh -c "$sshcmd 127.0.0.1 true 2>/dev/null" ||
	fail "cannot log in over the private sshd: $(cat "$s/sshd.log")"
[ "$($sshcmd 127.0.0.1 command -v xl 2>/dev/null)" = "$top_builddir/xl-compat/xl" ] ||
	fail "the ssh session does not find this xl"

# ---------------------------------------------------------------- migrate
for type in pvh hvm pv; do
	n=mig-$type
	sg_create "$n" "$type"
	mem=$(sg_ask "$n" mem)
	sg_mark "$n" "m-$type-$$"
	old=$("$xl" domid "$n")
	last=$(sg_last_tick "$n")
	"$xl" migrate -s "$sshcmd" "$n" 127.0.0.1 2> "$XK_TMP/mig.err" ||
		fail "migrate over ssh: $(cat "$XK_TMP/mig.err")"
	grep -q "^Migration successful.$" "$XK_TMP/mig.err" || fail "no success line: $(cat "$XK_TMP/mig.err")"
	new=$("$xl" domid "$n") || fail "no domain $n after migrate"
	[ "$new" != "$old" ] || fail "$n is still the source domain $old"
	[ "$("$xl" list | awk 'NR > 2' | wc -l)" = 1 ] || fail "more than one domain: $("$xl" list)"
	[ ! -d "$XEN_KVM_ROOT/var/run/xen-kvm/$old" ] || fail "the source domain's run dir is left"
	sg_check_moved "$n" "$last" "$mem" "m-$type-$$"
	[ ! -e "$XEN_KVM_ROOT/var/log/xen/console/guest-$n--incoming.log" ] &&
		[ ! -e "$XEN_KVM_ROOT/var/log/xen/qemu-dm-$n--incoming.log" ] &&
		[ ! -e "$XEN_KVM_ROOT/var/log/xen/xl-$n--incoming.log" ] ||
		fail "logs named after the temporary name: $(ls -R "$XEN_KVM_ROOT/var/log/xen")"
	echo "migrated $n over ssh: domain $old -> $new, counter went on past $last, MemTotal $mem kB, vCPUs, disks, channel, XenStore"
	"$xl" destroy "$n"
	[ ! -e "$XK_TMP/$n.sock" ] || fail "$n: the channel socket is left after destroy"
done
