#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-create-opts.sh: settings xl create takes from the domain config, on a
# paused guest of the kit under TCG: device_model_accel (our extension)
# decides the accelerator below XEN_KVM_ACCEL and above xl.conf's
# kvm.accel, and the notice names the setting that decided; cpus= pins
# every vCPU thread at start (the kernel's Cpus_allowed_list, xl vcpu-list),
# and xl.conf's vm.cpumask at start and in vcpu-pin;
# the monitor is never the creator's child (double fork), so a creator that
# lives on (xl create -F) keeps no zombie monitor after destroy; where
# systemd is init, the monitor asks it for a scope of its own (a script
# plays busctl: this machine has no systemd as PID 1); xl.conf's
# domid_policy="random" gives random domids; xl destroy
# of a domain still being created (its QEMU slow to start) fails the
# create and leaves nothing.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd ps pgrep
mkguest_kit "$XK_TMP/kit" --run /bin/true
. "$top_srcdir/tests/lib/xlenv.sh"
kernel=$(kit_get "$XK_TMP/kit" kernel)
ramdisk=$(kit_get "$XK_TMP/kit" ramdisk)

cfg="$XK_TMP/g.cfg"
cat > "$cfg" <<CFG
name = "opts"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
memory = 128
vcpus = 2
device_model_accel = "tcg"
CFG

# ---------------------------------------------------------------- accel
# the config's key beats xl.conf, the environment beats both
qemu_accel() {	# the -accel QEMU of domain opts got
	_p=$(sed -n 's/^qemu_pid=//p' "$XEN_KVM_ROOT"/var/run/xen-kvm/*/state)
	tr '\0' '\n' < "/proc/$_p/cmdline" | sed -n '/^-accel$/{n;s/,.*//;p;}'
}
echo 'kvm.accel = "kvm"' > "$XL_CONF"
XEN_KVM_ACCEL='' "$xl" create -p "$cfg" 2> "$XK_TMP/create.err" ||
	fail "create: $(cat "$XK_TMP/create.err")"
grep -qx 'accel: tcg (set by device_model_accel in the domain config)' "$XK_TMP/create.err" ||
	fail "notice: $(cat "$XK_TMP/create.err")"
grep -q 'unknown key' "$XK_TMP/create.err" && fail "device_model_accel warned about"
[ "$(qemu_accel)" = tcg ] || fail "QEMU runs with -accel $(qemu_accel), not tcg"
"$xl" destroy opts || fail "destroy"
"$xl" create -p "$cfg" device_model_accel='"kvm"' 2> "$XK_TMP/create.err" ||
	fail "create with XEN_KVM_ACCEL: $(cat "$XK_TMP/create.err")"
grep -qx 'accel: tcg (set by XEN_KVM_ACCEL)' "$XK_TMP/create.err" ||
	fail "notice with XEN_KVM_ACCEL: $(cat "$XK_TMP/create.err")"
"$xl" destroy opts || fail "destroy"
echo 'kvm.accel = "tcg"' > "$XL_CONF"
XEN_KVM_ACCEL='' "$xl" create -p "$cfg" device_model_accel='"auto"' 2> "$XK_TMP/create.err" ||
	fail "create with auto: $(cat "$XK_TMP/create.err")"
grep -q '^accel: .*set by' "$XK_TMP/create.err" &&
	fail "auto in the config must override xl.conf: $(cat "$XK_TMP/create.err")"
"$xl" destroy opts || fail "destroy"
: > "$XL_CONF"
if "$xl" create -p "$cfg" device_model_accel='"hvf"' 2> "$XK_TMP/create.err"; then
	fail "device_model_accel=hvf accepted"
fi
grep -q "invalid device_model_accel \`hvf'" "$XK_TMP/create.err" ||
	fail "bad value: $(cat "$XK_TMP/create.err")"
echo "accel: config key decided, env won, auto overrode xl.conf, bad value refused"

# ---------------------------------------------------------------- cpus=
"$xl" create -p "$cfg" cpus='"0"' 2> "$XK_TMP/create.err" ||
	fail "create with cpus: $(cat "$XK_TMP/create.err")"
qpid=$(sed -n 's/^qemu_pid=//p' "$XEN_KVM_ROOT"/var/run/xen-kvm/*/state)
tids=$("$xl" qemu-monitor-command opts "info cpus" | sed -n 's/.*thread_id=\([0-9]*\).*/\1/p')
[ "$(echo "$tids" | wc -w)" = 2 ] || fail "expected 2 vCPU threads: $tids"
for tid in $tids; do
	aff=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$qpid/task/$tid/status")
	[ "$aff" = 0 ] || fail "vCPU thread $tid allowed on $aff, not 0"
done
"$xl" vcpu-list opts > "$XK_TMP/vl"
[ "$(awk '$1 == "opts" && $7 == "0" && $8 == "/" { n++ } END { print n + 0 }' "$XK_TMP/vl")" = 2 ] ||
	fail "vcpu-list does not show hard affinity 0: $(cat "$XK_TMP/vl")"
"$xl" destroy opts || fail "destroy"
echo "cpus=: both vCPU threads pinned to cpu 0"

# ---------------------------------------------------------------- vm.cpumask
# xl.conf's mask pins a domain without cpus=; vcpu-pin ANDs with it, -i not
allowed() {	# the distinct Cpus_allowed_list of the domain's vCPU threads
	qpid=$(sed -n 's/^qemu_pid=//p' "$XEN_KVM_ROOT"/var/run/xen-kvm/*/state)
	for tid in $("$xl" qemu-monitor-command opts "info cpus" | sed -n 's/.*thread_id=\([0-9]*\).*/\1/p'); do
		sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$qpid/task/$tid/status"
	done | sort -u | tr '\n' ' '
}
if [ "$(nproc)" -ge 2 ]; then
	echo 'vm.cpumask = "1"' > "$XL_CONF"
	"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "create under vm.cpumask: $(cat "$XK_TMP/create.err")"
	[ "$(allowed)" = "1 " ] || fail "vm.cpumask=1: vCPU threads allowed on $(allowed)"
	"$xl" vcpu-pin opts all 0-1 || fail "vcpu-pin"
	[ "$(allowed)" = "1 " ] || fail "vcpu-pin 0-1 under vm.cpumask=1: allowed on $(allowed)"
	"$xl" vcpu-pin -i opts all 0-1 || fail "vcpu-pin -i"
	[ "$(allowed)" = "0-1 " ] || fail "vcpu-pin -i 0-1: allowed on $(allowed)"
	"$xl" destroy opts || fail "destroy"
	: > "$XL_CONF"
	echo "vm.cpumask: the vCPU threads pinned to it at create and by vcpu-pin, not by vcpu-pin -i"
else
	echo "note: one cpu, vm.cpumask's pinning cannot be told from none: not checked here (cpumask.sh checks the model)"
fi

# ---------------------------------------------------------------- monitor
"$xl" create -p -F "$cfg" 2> "$XK_TMP/create.err" &
xlpid=$!
paused() { "$xl" list opts 2>/dev/null | awk 'NR == 2 && $5 ~ /p/ { ok = 1 } END { exit !ok }'; }
wait_for 30 paused || fail "create -F: $(cat "$XK_TMP/create.err")"
mon=$(sed -n 's/^monitor_pid=//p' "$XEN_KVM_ROOT"/var/run/xen-kvm/*/state)
ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$mon/status")
[ "$ppid" != "$xlpid" ] || fail "the monitor $mon is the child of xl create -F ($xlpid)"
"$xl" destroy opts || fail "destroy"
zombies() {	# zombies among the children of xl create -F and of this shell
	ps -o stat=,pid=,comm= --ppid "$xlpid" --ppid $$ 2>/dev/null | awk '$1 ~ /^Z/'
}
[ -z "$(zombies)" ] || fail "zombies after destroy: $(zombies)"
wait_for 10 sh -c "! kill -0 $xlpid 2>/dev/null" || fail "xl create -F did not return after destroy"
wait $xlpid || fail "xl create -F failed: $(cat "$XK_TMP/create.err")"
echo "monitor: not the creator's child (parent $ppid), no zombie after destroy"

# ---------------------------------------------------------------- systemd scope
mkdir "$XK_TMP/systemd" "$XK_TMP/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" > "%s"\n' "$XK_TMP/busctl.argv" > "$XK_TMP/bin/busctl"
chmod +x "$XK_TMP/bin/busctl"
PATH="$XK_TMP/bin:$PATH" XEN_KVM_SYSTEMD_BOOTED="$XK_TMP/systemd" \
	"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "create: $(cat "$XK_TMP/create.err")"
mon=$(sed -n 's/^monitor_pid=//p' "$XEN_KVM_ROOT"/var/run/xen-kvm/*/state)
domid=$("$xl" domid opts)
[ -s "$XK_TMP/busctl.argv" ] || fail "the monitor did not ask systemd for a scope"
grep -qx "xen-kvm-dom$domid.scope" "$XK_TMP/busctl.argv" &&
	sed -n '/^PIDs$/{n;n;n;p;}' "$XK_TMP/busctl.argv" | grep -qx "$mon" ||
	fail "scope request: $(tr '\n' ' ' < "$XK_TMP/busctl.argv"), monitor $mon"
"$xl" destroy opts || fail "destroy"
echo "systemd scope: xen-kvm-dom$domid.scope asked for the monitor $mon"

# ---------------------------------------------------------------- domid_policy
# in order, the next domid is the last one plus one; xl.conf's "random"
# gives two at random (both in order by chance: 1 in 10^9)
"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "create: $(cat "$XK_TMP/create.err")"
first=$("$xl" domid opts)
"$xl" destroy opts || fail "destroy"
echo 'domid_policy = "random"' > "$XL_CONF"
in_order=0
prev=$first
for i in 1 2; do
	"$xl" create -p "$cfg" 2> "$XK_TMP/create.err" || fail "create: $(cat "$XK_TMP/create.err")"
	id=$("$xl" domid opts)
	[ "$id" -ge 1 ] && [ "$id" -lt 32752 ] || fail "random domid $id out of range"
	[ "$id" = $((prev + 1)) ] && in_order=$((in_order + 1))
	"$xl" destroy opts || fail "destroy"
	prev=$id
done
[ $in_order -lt 2 ] || fail "domid_policy=random: both domids came in order"
: > "$XL_CONF"
echo "domid_policy: random domids (after $first: $prev)"

# ---------------------------------------------------------------- destroy while creating
# This create's QEMU starts only once the destroy's SIGTERM waits at the
# monitor, its parent (bit 15 of its pending signals; 60 s at most).
cat > "$XK_TMP/slowqemu" <<SH
#!/bin/sh
term_pending() {
	m=\$(sed -n 's/^ShdPnd:[[:space:]]*//p' /proc/\$PPID/status)
	[ \$((0x\$m & 0x4000)) != 0 ]
}
case "\$1" in
--version|-help) ;;
*) i=0; until term_pending || [ \$i -ge 600 ]; do sleep 0.1; i=\$((i + 1)); done ;;
esac
exec "$QEMU" "\$@"
SH
chmod +x "$XK_TMP/slowqemu"
echo "kvm.qemu = \"$XK_TMP/slowqemu\"" > "$XL_CONF"
"$xl" create "$cfg" 2> "$XK_TMP/create.err" &
cpid=$!
wait_for 10 sh -c "'$xl' domid opts >/dev/null 2>&1" || fail "the domain never appeared: $(cat "$XK_TMP/create.err")"
"$xl" destroy opts || fail "destroy while creating"
rc=0
wait $cpid || rc=$?
[ "$rc" = 1 ] || fail "create went on after destroy (exit $rc): $(cat "$XK_TMP/create.err")"
grep -q "cannot create domain opts: destroyed while being created" "$XK_TMP/create.err" ||
	fail "create's message: $(cat "$XK_TMP/create.err")"
! "$xl" domid opts 2>/dev/null || fail "opts still exists"
left=$(find "$XEN_KVM_ROOT/var/run/xen-kvm" -mindepth 1 -maxdepth 1 -type d)
[ -z "$left" ] || fail "run dirs left: $left"
! pgrep -f "$XEN_KVM_ROOT/var/run" > /dev/null || fail "a QEMU is left: $(pgrep -af "$XEN_KVM_ROOT/var/run")"
: > "$XL_CONF"
echo "destroy while creating: the create failed, nothing left"
