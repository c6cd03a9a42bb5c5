#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-migrate-ssh.sh: `xl migrate' over a real ssh to this host, as on Xen:
# a private sshd on 127.0.0.1 (generated host and client keys, its own
# AuthorizedKeysFile, no PAM) runs `xl migrate-receive' for the root login.
# The guest's console counter goes on after the move (no reboot), the
# source domain is gone, and the logs keep the domain's name.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "sshd and a root login over it"
need_cmd ssh ssh-keygen python3
[ -x /usr/sbin/sshd ] || skip "needs /usr/sbin/sshd (dist/setup --deps installs openssh-server)"
cat > "$XK_TMP/guest.sh" <<'GUEST'
#!/bin/sh
i=0
while :; do echo "tick $i"; i=$((i + 1)); sleep 1; done
GUEST
mkguest_kit "$XK_TMP/kit" --run "$XK_TMP/guest.sh"
. "$top_srcdir/tests/lib/xlenv.sh"

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
cat > "$XK_TMP/g.cfg" <<CFG
name = "mig"
type = "pvh"
kernel = "$(kit_get "$XK_TMP/kit" kernel)"
ramdisk = "$(kit_get "$XK_TMP/kit" ramdisk)"
extra = "console=hvc0"
memory = 128
CFG
"$xl" create -q "$XK_TMP/g.cfg" 2> "$XK_TMP/create.err" || fail "create: $(cat "$XK_TMP/create.err")"
xl_wait_console 60 mig '^tick 2$' || fail "guest never ticked: $(xl_console mig | tail -5)"
old=$("$xl" domid mig)
"$xl" migrate -s "$sshcmd" mig 127.0.0.1 2> "$XK_TMP/mig.err" ||
	fail "migrate over ssh: $(cat "$XK_TMP/mig.err")"
grep -q "^Migration successful.$" "$XK_TMP/mig.err" || fail "no success line: $(cat "$XK_TMP/mig.err")"
last=$(xl_console mig | grep '^tick' | tail -1 | cut -d' ' -f2)
new=$("$xl" domid mig) || fail "no domain mig after migrate"
[ "$new" != "$old" ] || fail "mig is still the source domain $old"
[ "$("$xl" list | awk 'NR > 2' | wc -l)" = 1 ] || fail "more than one domain: $("$xl" list)"
[ ! -d "$XEN_KVM_ROOT/var/run/xen-kvm/$old" ] || fail "the source domain's run dir is left"
xl_wait_console 30 mig "^tick $((last + 2))\$" ||
	fail "the counter stopped at $last after migrate: $(xl_console mig | tail -3)"
[ "$(xl_console mig | grep -c '^tick 0$')" = 1 ] || fail "the guest booted again"
[ ! -e "$XEN_KVM_ROOT/var/log/xen/console/guest-mig--incoming.log" ] &&
	[ ! -e "$XEN_KVM_ROOT/var/log/xen/qemu-dm-mig--incoming.log" ] &&
	[ ! -e "$XEN_KVM_ROOT/var/log/xen/xl-mig--incoming.log" ] ||
	fail "logs named after the temporary name: $(ls -R "$XEN_KVM_ROOT/var/log/xen")"
echo "migrated over ssh: domain $old -> $new, counter went on past $last"
