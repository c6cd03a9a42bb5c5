#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xl-save-restore.sh: `xl save' and `xl restore' of a PVH, an HVM and a PV
# guest (the guest kit under TCG, tests/lib/saveguest.sh: 128 MiB, 2
# vCPUs, two disks, a socket channel, the guest agent; PV's kernel booted
# directly, as kvm and tcg do). `save -c' leaves the guest
# running and counting; after save and restore the guest counts on from
# where it stopped with its uptime going on, the same MemTotal (an HVM
# guest's video RAM was once taken out twice), its vCPUs, disks, channel
# (dom0 reconnects at path=) and XenStore (its new domid, what it wrote
# before the save). A restore from a truncated image, from one whose QEMU
# stream is damaged, or with a config giving other memory sizes fails
# with a clear error and leaves nothing: no domain, QEMU, run dir or
# XenStore node, the image's bytes unchanged. The checkpoint restores too.
# The p9 share moves while unmounted; mounted, QEMU refuses to save it
# (its own migration blocker) and the guest runs on.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_root "QEMU's sandbox"
need_cmd python3 xenstore-read xenstore-list truncate sha256sum od
. "$top_srcdir/tests/lib/xlenv.sh"
. "$top_srcdir/tests/lib/saveguest.sh"
t=$XK_TMP
run=$XEN_KVM_ROOT/var/run/xen-kvm
sg_kit
# every domain's XenStore node but dom0's: /local/domain/*, /vm/*, /libxl/*
# and the name index's entries (/libxl/name itself is the host's, and keeps
# Domain-0)
xs_nodes() {
	{
		for _p in /local/domain /vm /libxl; do xenstore-list "$_p" 2>/dev/null || true; done |
			grep -vx -e 0 -e name
		xenstore-list /libxl/name 2>/dev/null | grep -vx Domain-0 | sed 's|^|name/|'
	} || true
}

# restore_fails WHAT IMAGE REASON [CFG]: the restore fails saying REASON
# and leaves nothing behind, IMAGE unchanged
restore_fails() {
	_sum=$(sha256sum < "$2")
	! "$xl" restore ${4:+"$4"} "$2" 2> "$t/fail.err" ||
		fail "$1: restore succeeded: $(cat "$t/fail.err")"
	grep -q "$3" "$t/fail.err" || fail "$1: the error does not say \"$3\": $(cat "$t/fail.err")"
	[ "$("$xl" list | awk 'NR > 2' | wc -l)" = 0 ] || fail "$1: a domain is left: $("$xl" list)"
	[ -z "$(ls "$run" | grep -E '^[0-9]+$' || true)" ] || fail "$1: a run dir is left: $(ls "$run")"
	! pgrep -f "$XEN_KVM_ROOT/" > /dev/null ||
		fail "$1: a process is left: $(pgrep -af "$XEN_KVM_ROOT/")"
	[ -z "$(xs_nodes)" ] || fail "$1: XenStore nodes are left: $(xs_nodes)"
	[ "$(sha256sum < "$2")" = "$_sum" ] || fail "$1: the image changed"
	echo "ok: $1 refused: $(tail -n 1 "$t/fail.err")"
}

for type in pvh hvm pv; do
	n=sr-$type
	sg_create "$n" "$type"
	mem=$(sg_ask "$n" mem)
	[ -n "$mem" ] || fail "$n: no MemTotal"
	id=$("$xl" domid "$n")

	# ------------------------------------------------ checkpoint: save -c
	"$xl" save -c "$n" "$t/$n.ckpt" 2> "$t/save.err" || fail "$n: save -c: $(cat "$t/save.err")"
	[ "$("$xl" domid "$n")" = "$id" ] || fail "$n: save -c did not keep domain $id"
	last=$(sg_last_tick "$n")
	xl_wait_console 30 "$n" "^tick $((last + 2)) " || fail "$n: save -c left the guest stopped"
	"$xl" list "$n" | awk 'NR == 2 { exit !($5 ~ /[rb]/ && $5 !~ /p/) }' ||
		fail "$n: not running after save -c: $("$xl" list "$n")"
	echo "ok: $n: save -c, the guest counts on"

	# ------------------------------------------------ save
	sg_mark "$n" "w-$type-$$"
	"$xl" save "$n" "$t/$n.save" 2> "$t/save.err" || fail "$n: save: $(cat "$t/save.err")"
	! "$xl" domid "$n" 2>/dev/null || fail "$n: still there after save"
	[ ! -d "$run/$id" ] || fail "$n: run dir $id left after save"
	last=$(sg_last_tick "$n")

	if [ "$type" = hvm ]; then
		size=$(stat -c %s "$t/$n.save")
		head -c $((size - 8192)) "$t/$n.save" > "$t/trunc.save"
		restore_fails "truncated image" "$t/trunc.save" "truncated: QEMU's stream should be"
		off=$(od -An -tu8 -j56 -N8 "$t/$n.save" | tr -d ' ')
		cp "$t/$n.save" "$t/damaged.save"
		printf 'not QEMU' | dd of="$t/damaged.save" bs=1 seek="$off" conv=notrunc 2>/dev/null
		restore_fails "damaged QEMU stream" "$t/damaged.save" "qemu-system-x86_64: Not a migration stream"
		# the config of the bug: memory = the XenStore target (120 MiB)
		sed 's/^memory = 128$/memory = 120/' "$t/$n.cfg" > "$t/small.cfg"
		restore_fails "config with less memory" "$t/$n.save" \
			"saved guest has 120 MiB of RAM and 8 MiB of video RAM, but this config gives 112 MiB of RAM" \
			"$t/small.cfg"
	fi

	# ------------------------------------------------ restore
	"$xl" restore "$t/$n.save" 2> "$t/restore.err" ||
		fail "$n: restore: $(cat "$t/restore.err"; tail -n 5 "$XEN_KVM_ROOT/var/log/xen/qemu-dm-$n.log")"
	new=$("$xl" domid "$n") || fail "$n: not listed after restore"
	[ "$new" != "$id" ] || fail "$n: restored as the same domid $id"
	sg_check_moved "$n" "$last" "$mem" "w-$type-$$"
	[ -z "$(xenstore-list "/local/domain/$id" 2>/dev/null)" ] ||
		fail "$n: domain $id's XenStore nodes are back"
	echo "ok: $n: restored as domain $new: counts on from $last, MemTotal $mem kB, vCPUs, disks, channel, XenStore"
	if [ "$type" = pvh ]; then
		# QEMU refuses to migrate a mounted 9p share: the save says so,
		# leaves no file, and the guest runs on
		[ "$(sg_ask "$n" p9)" = ok ] || fail "$n: cannot mount its p9 share"
		! "$xl" save "$n" "$t/p9.save" 2> "$t/p9.err" || fail "$n: saved with its p9 share mounted"
		grep -q "Migration is disabled when VirtFS export path" "$t/p9.err" ||
			fail "$n: the p9 refusal does not say why: $(cat "$t/p9.err")"
		[ ! -e "$t/p9.save" ] || fail "$n: the refused save left its file"
		l2=$(sg_last_tick "$n")
		xl_wait_console 30 "$n" "^tick $((l2 + 2)) " || fail "$n: stopped after the refused save"
		echo "ok: $n: a save with its p9 share mounted is refused with QEMU's reason; the guest runs on"
	fi
	"$xl" destroy "$n"
	[ ! -e "$t/$n.sock" ] || fail "$n: the channel socket is left after destroy"
done

# the checkpoint is a save file like any other
"$xl" restore "$t/sr-pvh.ckpt" 2> "$t/restore.err" || fail "restore of the checkpoint: $(cat "$t/restore.err")"
[ "$(sg_ask sr-pvh "ping x")" = x ] || fail "the checkpoint's guest does not answer"
echo "ok: the checkpoint of save -c restores"
