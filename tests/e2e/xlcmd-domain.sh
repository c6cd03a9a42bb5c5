#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xlcmd-domain.sh: the host and domain commands against a real guest (guest
# kit under TCG, a private xenstored-kvm and XEN_KVM_ROOT): info, domid,
# domname, rename, uptime, vcpu-list, vcpu-pin, vcpu-set, mem-set (the
# guest's balloon driver follows: QMP query-balloon), mem-max, sysrq,
# trigger, qemu-monitor-command, block-attach/-list/-detach (the guest sees
# the disk come and go), top -b, save + restore (the guest's counter goes on
# after the restore, no second boot), migrate through a pipe and over TCP
# (the receiver on this host), dmesg, destroy. Each step asserts on
# output in Xen's format or on what the guest or QEMU shows.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox and sched_setaffinity on its threads"
need_cmd xenstore-read xenstore-write timeout ss

t=$XK_TMP
xl=$top_builddir/xl-compat/xl
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
[ -x "$xl" ] && [ -x "$xsd" ] || fail "xl or xenstored-kvm not built"

# ---------------------------------------------------------------- the guest
cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
[ -f /lib/xkguest-balloon.ko ] && insmod /lib/xkguest-balloon.ko
i=0
disk=0
while true; do
	echo "tick $i"
	if [ -b /dev/vda ] && [ $disk = 0 ]; then echo "guest: vda present"; disk=1; fi
	if [ ! -b /dev/vda ] && [ $disk = 1 ]; then echo "guest: vda gone"; disk=0; fi
	i=$((i + 1))
	sleep 1
done
GUEST
mkguest_kit "$t/kit" --run "$t/guest.sh"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)
# the kit's kernel's virtio_balloon, so mem-set reaches a driver
add=""
for v in /lib/modules/*; do
	v=${v##*/}
	if cmp -s "/boot/vmlinuz-$v" "$kernel" &&
	   [ -f "/lib/modules/$v/kernel/drivers/virtio/virtio_balloon.ko" ]; then
		add="/lib/modules/$v/kernel/drivers/virtio/virtio_balloon.ko:/lib/xkguest-balloon.ko"
	fi
done
if [ -n "$add" ]; then
	"$top_srcdir/tools/mkguest" --run "$t/guest.sh" --add "$add" > "$t/kit" 2> "$t/mkguest.err" ||
		fail "mkguest --add failed: $(cat "$t/mkguest.err")"
	ramdisk=$(kit_get "$t/kit" ramdisk)
fi

# ---------------------------------------------------------------- runtime
mkdir -p "$t/run" "$t/state" "$t/root"
"$xsd" -N --rundir "$t/run" --state-dir "$t/state" </dev/null 2>"$t/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$t/run/socket" || fail "xenstored-kvm did not start: $(cat "$t/xsd.err")"
export XENSTORED_PATH="$t/run/socket" XEN_KVM_ROOT="$t/root" XEN_KVM_ACCEL=tcg
export XL_CONF="$t/xl.conf"
xl_conf_init "$XL_CONF"
destroy_all() {
	for d in $("$xl" list 2>/dev/null | awk 'NR > 2 { print $2 }'); do
		"$xl" destroy "$d" 2>/dev/null || true
	done
}
trap 'destroy_all; _xk_cleanup' EXIT

cat > "$t/g.cfg" <<EOF
name = "xlc"
type = "pvh"
kernel = "$kernel"
ramdisk = "$ramdisk"
extra = "console=hvc0"
memory = 256
maxmem = 384
vcpus = 1
maxvcpus = 2
EOF
conlog=$t/root/var/log/xen/console/guest-xlc.log
# the console as the guest printed it (serial line ends are \r\n)
con() { tr -d '\r' < "$conlog" 2>/dev/null; }
"$xl" create -q "$t/g.cfg" 2>"$t/create.err" || fail "create: $(cat "$t/create.err")"
wait_for 60 sh -c "tr -d '\r' < '$conlog' | grep -q '^tick 2$'" || fail "guest never ticked: $(con | tail -5)"

# ---------------------------------------------------------------- info
"$xl" info > "$t/info" || fail "xl info failed"
keys=$(cut -d: -f1 "$t/info" | tr -d ' ' | tr '\n' ' ')
[ "$keys" = "host release version machine nr_cpus max_cpu_id nr_nodes cores_per_socket threads_per_core cpu_mhz hw_caps virt_caps total_memory free_memory sharing_freed_memory sharing_used_memory outstanding_claims free_cpus xen_major xen_minor xen_extra xen_version xen_caps xen_scheduler xen_pagesize platform_params xen_changeset xen_commandline cc_compiler cc_compile_by cc_compile_domain cc_compile_date build_id xend_config_format " ] ||
	fail "xl info fields: $keys"
grep -qx "nr_cpus                : $(getconf _NPROCESSORS_ONLN)" "$t/info" || fail "nr_cpus wrong: $(grep nr_cpus "$t/info")"
grep -qx "host                   : $(uname -n)" "$t/info" || fail "host wrong"
grep -Eq '^hw_caps                : ([0-9a-f]{8}:){7}[0-9a-f]{8}$' "$t/info" || fail "hw_caps format"
tail -1 "$t/info" | grep -qx "xend_config_format     : 4" || fail "xend_config_format"
"$xl" info -n | grep -q "^cpu:    core    socket     node$" || fail "info -n: no cpu topology"

# ---------------------------------------------------------------- names
id=$("$xl" domid xlc) || fail "domid"
[ "$("$xl" domname "$id")" = xlc ] || fail "domname $id"
rc=0; "$xl" domid nosuch 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "Can't get domid of domain name 'nosuch'" "$t/err" || fail "domid of a missing name: rc $rc"
rc=0; "$xl" rename xlc Domain-0 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "Can't rename domain 'xlc'" "$t/err" || fail "rename onto Domain-0 allowed"
"$xl" rename xlc xlc2 || fail "rename"
vm=$(xenstore-read "/local/domain/$id/vm")
[ "$(xenstore-read "$vm/name")" = xlc2 ] || fail "/vm/<uuid>/name not renamed"
"$xl" list | grep -q "^xlc2 " || fail "list does not show the new name"
"$xl" rename xlc2 xlc || fail "rename back"

# ---------------------------------------------------------------- uptime
"$xl" uptime > "$t/up"
[ "$(head -1 "$t/up")" = "Name                                ID Uptime" ] || fail "uptime header: $(head -1 "$t/up")"
grep -Eq "^xlc {30} +$id  ?[0-9]+:[0-9]{2}:[0-9]{2}$" "$t/up" || fail "uptime row: $(cat "$t/up")"
"$xl" uptime -s xlc | grep -Eq "^ [0-9]{2}:[0-9]{2}:[0-9]{2} up +[0-9]+:[0-9]{2}, xlc \($id\)$" || fail "uptime -s"

# ---------------------------------------------------------------- vcpus
"$xl" vcpu-list xlc > "$t/vcpu"
[ "$(head -1 "$t/vcpu")" = "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)" ] ||
	fail "vcpu-list header"
grep -Eq "^xlc +$id +0 +[0-9]+   [r-][b-]-  +[0-9]+\.[0-9]  all / all$" "$t/vcpu" || fail "vcpu 0 row: $(cat "$t/vcpu")"
grep -Eq "^xlc +$id +1 +-   --p  +0\.0  none / all$" "$t/vcpu" || fail "offline vcpu 1 row: $(cat "$t/vcpu")"
"$xl" vcpu-pin xlc 0 0 || fail "vcpu-pin"
"$xl" vcpu-list xlc | grep -Eq "^xlc +$id +0 +[0-9]+ .* 0 / all$" || fail "pin not shown: $("$xl" vcpu-list xlc)"
rc=0; "$xl" vcpu-pin xlc 0 all 1 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "soft affinity accepted"
"$xl" vcpu-set xlc 2 || fail "vcpu-set 2"
[ "$(xenstore-read "/local/domain/$id/cpu/1/availability")" = online ] || fail "cpu/1 not online"
"$xl" vcpu-list xlc | grep -Eq "^xlc +$id +1 +[0-9]+ +[r-][b-]- " || fail "vcpu 1 not plugged: $("$xl" vcpu-list xlc)"
rc=0; "$xl" vcpu-set xlc 3 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "maxcpus is 2" "$t/err" || fail "vcpu-set beyond maxvcpus"

# ---------------------------------------------------------------- memory
rc=0; "$xl" mem-set xlc 12q 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "invalid memory size: 12q" "$t/err" || fail "bad size accepted"
"$xl" mem-set xlc 200m || fail "mem-set"
[ "$(xenstore-read "/local/domain/$id/memory/target")" = 204800 ] || fail "memory/target"
wait_for 30 sh -c "'$xl' qemu-monitor-command xlc 'info balloon' | grep -q 'actual=200'" ||
	fail "the guest's balloon did not follow: $("$xl" qemu-monitor-command xlc 'info balloon')"
rc=0; "$xl" mem-max xlc 1g 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "cannot set domid $id static max memory to : 1g" "$t/err" || fail "mem-max above QEMU's RAM"
"$xl" mem-max xlc 300 || fail "mem-max 300"
[ "$(xenstore-read "/local/domain/$id/memory/static-max")" = 307200 ] || fail "static-max"

# ---------------------------------------------------------------- poking
"$xl" sysrq xlc s || fail "sysrq"
[ "$(xenstore-read "/local/domain/$id/control/sysrq")" = s ] || fail "control/sysrq"
rc=0; "$xl" sysrq xlc sb 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "two-letter sysrq accepted"
"$xl" trigger xlc nmi || fail "trigger nmi"
rc=0; "$xl" trigger xlc bogus 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q 'Invalid trigger "bogus"' "$t/err" || fail "bogus trigger"
rc=0; "$xl" trigger xlc init 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "trigger init claims success"
[ "$("$xl" qemu-monitor-command xlc "info status" | tr -d '\r')" = "VM status: running" ] || fail "qemu-monitor-command"

# ---------------------------------------------------------------- disks
truncate -s 8M "$t/d1.img"
"$xl" block-attach xlc "$t/d1.img,raw,xvdb,w" || fail "block-attach"
"$xl" block-list xlc > "$t/bl"
[ "$(head -1 "$t/bl")" = "Vdev  BE  handle state evt-ch ring-ref BE-path                       " ] || fail "block-list header"
grep -q "^51728 0   $id *4     -1     -1       /local/domain/0/backend/qdisk/$id/51728" "$t/bl" || fail "block-list row: $(cat "$t/bl")"
wait_for 30 sh -c "tr -d '\r' < '$conlog' | grep -q 'guest: vda present'" || fail "the guest never saw the disk (vda)"
rc=0; "$xl" block-attach xlc "$t/d1.img,raw,xvdb,w" 2>/dev/null || rc=$?
[ $rc = 1 ] || fail "a second xvdb accepted"
"$xl" block-detach xlc xvdb || fail "block-detach"
[ "$("$xl" block-list xlc | wc -l)" = 1 ] || fail "vbd still listed"
wait_for 30 sh -c "tr -d '\r' < '$conlog' | grep -q 'guest: vda gone'" || fail "the guest still has vda"
rc=0; "$xl" block-detach xlc xvdb 2>"$t/err" || rc=$?
[ $rc = 1 ] && grep -q "Error: Device xvdb not connected." "$t/err" || fail "detaching a missing disk"

# ---------------------------------------------------------------- top
"$xl" top -b -i 2 -d 0.2 > "$t/top"
[ "$(grep -c "^      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID$" "$t/top")" = 2 ] ||
	fail "top header: $(head -1 "$t/top")"
[ "$(grep -Ec '^ +xlc [-r][-s][-b][-c][-p][-r] +[0-9]+ +[0-9.]+ +204800 ' "$t/top")" = 2 ] || fail "top rows: $(cat "$t/top")"

# ---------------------------------------------------------------- save/restore
before=$(con | grep -c "^tick")
"$xl" save xlc "$t/xlc.save" 2>"$t/save.err" || fail "save: $(cat "$t/save.err")"
head -c 32 "$t/xlc.save" | grep -q "xen-kvm saved domain, xl format" || fail "save file magic"
[ "$(stat -c %a "$t/xlc.save")" = 600 ] || fail "save file (guest memory) is mode $(stat -c %a "$t/xlc.save"), not 600"
! "$xl" domid xlc 2>/dev/null || fail "domain still there after save"
last=$(con | grep "^tick" | tail -1 | cut -d' ' -f2)
boots=$(con | grep -c "init ready")
"$xl" restore "$t/xlc.save" 2>"$t/restore.err" ||
	fail "restore: $(cat "$t/restore.err"; tail -5 "$t/root/var/log/xen/qemu-dm-xlc.log")"
rid=$("$xl" domid xlc) || fail "restored domain not listed"
[ "$(xenstore-read "/local/domain/$rid/vm")" = "$vm" ] || fail "restore changed the uuid"
wait_for 30 sh -c "tr -d '\r' < '$conlog' | grep -q '^tick $((last + 2))$'" || fail "the guest's counter did not go on after tick $last"
[ "$(con | grep -c "init ready")" = "$boots" ] || fail "the guest booted again instead of resuming"
[ "$(con | grep -c "^tick")" -gt "$before" ] || fail "no ticks after restore"

# ---------------------------------------------------------------- migrate
# through a pipe (xl's -s "": <host> is the receiver's command, run here,
# as ssh would run it on the target) and over one TCP connection; the
# console log goes on under the domain's name, not <name>--incoming
inlog=$conlog
old=$("$xl" domid xlc)
last=$(con | grep "^tick" | tail -1 | cut -d' ' -f2)
"$xl" migrate -s "" xlc "$xl migrate-receive" 2>"$t/mig.err" || fail "migrate: $(cat "$t/mig.err")"
grep -q "^Migration successful.$" "$t/mig.err" || fail "migrate did not say it succeeded"
new=$("$xl" domid xlc) || fail "no xlc after migrate"
[ "$new" != "$old" ] || fail "still the old domain $old"
! "$xl" domid xlc--incoming 2>/dev/null || fail "the target kept its temporary name"
[ "$("$xl" qemu-monitor-command xlc "info status" | tr -d '\r')" = "VM status: running" ] || fail "not running after migrate"
wait_for 30 sh -c "tr -d '\r' < '$inlog' | grep -q '^tick $((last + 2))$'" || fail "no ticks after migrate"
[ ! -e "$t/root/var/log/xen/console/guest-xlc--incoming.log" ] &&
	[ ! -e "$t/root/var/log/xen/qemu-dm-xlc--incoming.log" ] ||
	fail "logs named after the temporary name: $(ls "$t/root/var/log/xen" "$t/root/var/log/xen/console")"
port=$((20000 + $$ % 20000))
"$xl" migrate-receive --listen "127.0.0.1:$port" 2>"$t/recv.err" &
rpid=$!
wait_for 30 sh -c "ss -Hltn 'sport = :$port' | grep -q ." ||
	fail "migrate-receive --listen never listened: $(cat "$t/recv.err")"
"$xl" migrate --direct "127.0.0.1:$port" xlc localhost 2>"$t/mig.err" ||
	fail "migrate --direct: $(cat "$t/mig.err")"
wait $rpid || fail "migrate-receive --listen: $(cat "$t/recv.err")"
[ "$("$xl" domid xlc)" != "$new" ] || fail "direct migration left the old domain"
last=$(tr -d '\r' < "$inlog" | grep "^tick" | tail -1 | cut -d' ' -f2)
wait_for 30 sh -c "tr -d '\r' < '$inlog' | grep -q '^tick $((last + 2))$'" || fail "counter stopped after direct migration"

# ---------------------------------------------------------------- dmesg
"$xl" dmesg > "$t/dmesg"
grep -q "renamed from xlc to xlc2" "$t/dmesg" && grep -q "domain xlc restored from" "$t/dmesg" &&
	grep -q "migrated to 127.0.0.1:$port" "$t/dmesg" ||
	fail "dmesg lacks the log: $(cat "$t/dmesg")"
grep -Eq '^\(XEN\) \[[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}\] ' "$t/dmesg" || fail "dmesg line format"
grep -q "(xlc) running, QEMU pid" "$t/dmesg" || fail "the monitor does not log to the ring"
"$xl" dmesg -c > /dev/null
[ -z "$("$xl" dmesg)" ] || fail "dmesg -c did not clear"

# ---------------------------------------------------------------- destroy
qpid=$(sed -n 's/^qemu_pid=//p' "$t/root/var/run/xen-kvm/$("$xl" domid xlc)/state")
"$xl" destroy xlc || fail "destroy"
! "$xl" domid xlc 2>/dev/null || fail "still listed after destroy"
! kill -0 "$qpid" 2>/dev/null || fail "QEMU $qpid still running"
echo "PASS: xl host and domain commands"
