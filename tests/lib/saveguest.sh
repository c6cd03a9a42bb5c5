# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The guest that save/restore and migration tests move, and how they look
# at it. Source after tests/lib/common.sh and tests/lib/xlenv.sh (it uses
# $xl, $XK_TMP). The guest (guest kit, TCG) counts on its console, "tick N
# UPTIME" once a second, and answers dom0's requests on a socket channel
# (its /dev/hvc1), one line each, "= WORD RESULT":
#   ping X        = pong X
#   mem           = mem MemTotal-in-kB
#   cpus          = cpus N (online)
#   disks         = disks N (its virtio disks)
#   up            = up /proc/uptime's first field
#   xsr PATH      = xsr VALUE (its own unmodified xenstore-read)
#   xsw PATH V    = xsw ok (xenstore-write)
#   diskw WORD    = diskw ok (WORD into the first sector of /dev/vdb)
#   diskr         = diskr WORD (read back)
#   p9            = p9 ok (its p9 share "sgshare" mounted at /mnt)
# sg_kit builds the kit; sg_cfg NAME TYPE writes $XK_TMP/NAME.cfg: 128 MiB,
# 2 vCPUs, two disks, the channel at $XK_TMP/NAME.sock, a p9 share of
# $XK_TMP/NAME.share (not mounted until asked).

sg_kit() {
	cat > "$XK_TMP/sg-guest.sh" <<'GUEST'
#!/bin/sh
serve() {
	while :; do
		# hvc resets a tty's settings on its last close: one fd held
		exec 4<>/dev/hvc1
		stty raw -echo <&4
		while read -r cmd arg val <&4; do
			case $cmd in
			ping) r="pong $arg" ;;
			mem) r="mem $(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)" ;;
			cpus) r="cpus $(grep -c '^processor' /proc/cpuinfo)" ;;
			disks) r="disks $(ls -d /sys/block/vd* 2>/dev/null | wc -l)" ;;
			up) r="up $(cut -d' ' -f1 /proc/uptime)" ;;
			xsr) r="xsr $(xenstore-read "$arg" 2>&1)" ;;
			xsw) xenstore-write "$arg" "$val" 2>&1 && r="xsw ok" || r="xsw failed" ;;
			diskw) printf '%s\n' "$arg" | dd of=/dev/vdb bs=512 count=1 conv=sync,fsync 2>/dev/null &&
				r="diskw ok" || r="diskw failed" ;;
			diskr) r="diskr $(dd if=/dev/vdb bs=512 count=1 2>/dev/null | head -n 1)" ;;
			p9) xen-kvm-mount-p9 sgshare /mnt 2>&1 && r="p9 ok" || r="p9 failed" ;;
			*) r="unknown $cmd" ;;
			esac
			printf '= %s\n' "$r" >&4
		done
		exec 4>&-
		sleep 0.2
	done
}
serve &
i=0
# each count also in XenStore, a node of its own, written while the
# guest is saved or migrated as much as at any other time
while :; do
	echo "tick $i $(cut -d' ' -f1 /proc/uptime)"
	xenstore-write "data/sg-tick/$i" "$i" > /dev/null 2>&1 &
	i=$((i + 1))
	sleep 1
done
GUEST
	mkguest_kit "$XK_TMP/sg-kit" --run "$XK_TMP/sg-guest.sh"
}

# sg_cfg NAME TYPE [EXTRA-LINES]: the guest's config as $XK_TMP/NAME.cfg
sg_cfg() {
	truncate -s 16M "$XK_TMP/$1-a.img" "$XK_TMP/$1-b.img"
	xl_p9_share "$XK_TMP/$1.share"
	{
		printf 'name = "%s"\ntype = "%s"\n' "$1" "$2"
		printf 'kernel = "%s"\nramdisk = "%s"\n' \
			"$(kit_get "$XK_TMP/sg-kit" kernel)" \
			"$(kit_get "$XK_TMP/sg-kit" ramdisk)"
		printf 'extra = "console=hvc0"\nmemory = 128\nvcpus = 2\n'
		printf 'disk = [ "%s,raw,xvda,w", "%s,raw,xvdb,w" ]\n' \
			"$XK_TMP/$1-a.img" "$XK_TMP/$1-b.img"
		printf 'channel = [ "name=org.test.ctl, connection=socket, path=%s" ]\n' \
			"$XK_TMP/$1.sock"
		printf 'p9 = [ "tag=sgshare, security_model=none, path=%s" ]\n' \
			"$XK_TMP/$1.share"
		[ "$2" != hvm ] || printf 'vnc = 0\nserial = "pty"\n'
		printf '%s' "${3:-}"
	} > "$XK_TMP/$1.cfg"
}

# sg_create NAME TYPE: sg_cfg, xl create, until the guest counts
sg_create() {
	sg_cfg "$1" "$2"
	"$xl" create -q "$XK_TMP/$1.cfg" 2> "$XK_TMP/create.err" ||
		fail "$1: create: $(cat "$XK_TMP/create.err")"
	xl_wait_console 90 "$1" '^tick 3 ' || fail "$1: no ticks: $(xl_console "$1" | tail -n 5)"
}

# sg_ask NAME REQUEST: the guest's RESULT, connecting afresh to its channel
# (as a dom0 program reconnects after a restore); fails after 60 s
sg_ask() {
	python3 - "$XK_TMP/$1.sock" "$2" <<'PY'
import socket, sys, time
path, req = sys.argv[1:3]
word = {"ping": "pong"}.get(req.split()[0], req.split()[0])
end = time.monotonic() + 60
while True:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(path)
        break
    except OSError:
        s.close()
        if time.monotonic() > end:
            sys.exit("cannot connect to " + path)
        time.sleep(0.2)
s.settimeout(5)
s.sendall(req.encode() + b"\n")
buf = b""
while time.monotonic() < end:
    try:
        d = s.recv(4096)
    except socket.timeout:
        s.sendall(req.encode() + b"\n")	# the guest was between reads
        continue
    if not d:
        sys.exit("the channel closed")
    buf += d
    for line in buf.replace(b"\r", b"").split(b"\n")[:-1]:
        if line.startswith(b"= " + word.encode() + b" "):
            print(line[len(word) + 3:].decode())
            sys.exit(0)
sys.exit("no answer to " + req)
PY
}

# sg_last_tick NAME: the last count the guest printed
sg_last_tick() {
	xl_console "$1" | sed -n 's/^tick \([0-9]*\) .*/\1/p' | tail -n 1
}
# sg_uptime_at NAME N: the uptime the guest printed with count N
sg_uptime_at() {
	xl_console "$1" | sed -n "s/^tick $2 \([0-9.]*\)\$/\1/p" | tail -n 1
}

# sg_check_moved NAME LAST MEM WORD: after a save/restore or a migration,
# the guest counts on from LAST (it did not boot again), its uptime went
# on, its RAM is MEM kB, its vCPUs and disks are there (WORD, sg_mark's,
# on the disk), its channel works and its XenStore too: its new domid,
# what it wrote before (WORD in data/sg-mark, its agent's
# control/feature-poweroff), a new write
sg_check_moved() {
	xl_wait_console 60 "$1" "^tick $(($2 + 2)) " ||
		fail "$1: the counter did not go on past $2: $(xl_console "$1" | tail -n 3)"
	[ "$(xl_console "$1" | grep -c '^tick 0 ')" = 1 ] || fail "$1: the guest booted again"
	_u0=$(sg_uptime_at "$1" "$2")
	_u1=$(sg_uptime_at "$1" $(($2 + 1)))
	awk -v a="$_u0" -v b="$_u1" 'BEGIN { exit !(b > a && b < a + 30) }' ||
		fail "$1: uptime $_u0 at tick $2, then $_u1: the guest clock did not go on"
	[ "$(sg_ask "$1" mem)" = "$3" ] || fail "$1: MemTotal $(sg_ask "$1" mem) kB, was $3 kB"
	[ "$(sg_ask "$1" cpus)" = 2 ] || fail "$1: $(sg_ask "$1" cpus) vCPUs, not 2"
	[ "$(sg_ask "$1" disks)" = 2 ] || fail "$1: $(sg_ask "$1" disks) disks, not 2"
	[ "$(sg_ask "$1" diskr)" = "$4" ] || fail "$1: the disk says $(sg_ask "$1" diskr), not $4"
	_id=$("$xl" domid "$1")
	# the guest's XenStore: its own new domid, what it wrote itself
	[ "$(sg_ask "$1" "xsr domid")" = "$_id" ] ||
		fail "$1: the guest reads domid $(sg_ask "$1" "xsr domid"), it is $_id"
	[ "$(xenstore-read "/local/domain/$_id/data/sg-mark")" = "$4" ] ||
		fail "$1: data/sg-mark the guest wrote is not under domain $_id"
	[ "$(xenstore-read "/local/domain/$_id/control/feature-poweroff")" = 1 ] ||
		fail "$1: the guest agent's control/feature-poweroff is gone"
	# every count the guest wrote before, during and after the move, up
	# to the last but one it printed (the last may still be on its way)
	_n=$(sg_last_tick "$1")
	_have=$(xenstore-list "/local/domain/$_id/data/sg-tick" 2>/dev/null | sort -n | tr '\n' ' ')
	_missing=$(seq 0 $((_n - 1)) | while read -r _i; do
		case " $_have" in *" $_i "*) ;; *) printf '%s ' "$_i" ;; esac
	done)
	[ -z "$_missing" ] ||
		fail "$1: the counts ${_missing% } the guest wrote to XenStore are gone (it counted to $_n)"
	[ "$(sg_ask "$1" "xsw data/sg-after ok")" = ok ] &&
		[ "$(xenstore-read "/local/domain/$_id/data/sg-after")" = ok ] ||
		fail "$1: the guest cannot write XenStore after the move"
	[ "$(stat -c %a "$XK_TMP/$1.sock")" = 600 ] ||
		fail "$1: channel socket mode $(stat -c %a "$XK_TMP/$1.sock")"
}

# sg_mark NAME WORD: before a move, the guest writes WORD to its disk and
# to data/sg-mark
sg_mark() {
	[ "$(sg_ask "$1" "diskw $2")" = ok ] || fail "$1: disk write"
	[ "$(sg_ask "$1" "xsw data/sg-mark $2")" = ok ] || fail "$1: xenstore-write"
}
