#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# chan-throughput.sh (make bench): channel throughput DomU -> dom0 in MB/s,
# one guest of the kit under TCG started by our xl, all in the same run:
#   raw    a bare virtserialport (/dev/vportNpM, no tty, no layer of ours)
#          with a dom0 reader on QEMU's socket: the port's own ceiling
#   bare   a bare virtconsole (/dev/hvc2, added with device_model_args, no
#          layer of ours) with a dom0 reader on QEMU's socket: the same
#          guest device as a channel, the baseline of the channel
#   hvc    the xl channel as the seed uses it: the guest writes /dev/hvc1
#          (channel 0, connection=socket), the dom0 reader on path=
#   relay  the same channel through our chanrelay (what a backend=<domain>
#          channel goes through) to the reader
# Each is the best of ROUNDS (CHAN_BENCH_ROUNDS, default 5) transfers of
# CHAN_BENCH_MB (default 16) MB; prints each and the ratios (target for
# ours: >= 0.9x the bare virtconsole; any tty port is far below the raw
# port under TCG, see xl-compat/runtime/README.channels). Never asserts on time.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd xenstore-read xenstore-write timeout python3 ss
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP
mb=${CHAN_BENCH_MB:-16}
rounds=${CHAN_BENCH_ROUNDS:-5}
relay=$top_builddir/tests/integration/chan/chan-relay
[ -x "$relay" ] || fail "chan-relay not built (make check builds it)"

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
mb=$(sed -n 's/.*xkbench\.mb=\([0-9]*\).*/\1/p' /proc/cmdline)
for p in /sys/class/virtio-ports/vport*; do
	[ "$(cat "$p/name")" = raw ] && raw=/dev/${p##*/}
done
exec 4<>/dev/hvc1 5<>/dev/hvc2
stty raw -echo <&4
stty raw -echo <&5
n=0
while :; do
	n=$((n + 1))
	until [ "$(xenstore-read data/step 2>/dev/null)" = "$n" ]; do sleep 0.05; done
	case "$(xenstore-read data/target)" in
	raw) dd if=/dev/zero of="$raw" bs=64k count=$((mb * 16)) 2>/dev/null ;;
	bare) dd if=/dev/zero bs=64k count=$((mb * 16)) 2>/dev/null >&5 ;;
	*) dd if=/dev/zero bs=64k count=$((mb * 16)) 2>/dev/null >&4 ;;
	esac
	xenstore-write data/done "$n"
done
GUEST
cat > "$t/reader.py" <<'PY'
# reader.py connect|listen PATH BYTES: reads until BYTES or 3 s of silence;
# prints "<bytes> <seconds from first to last byte>"
import socket, sys, time
mode, path, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
if mode == "listen":
    s.bind(path); s.listen(1)
    s, _ = s.accept()
else:
    s.connect(path)
print("ready", flush=True)
s.settimeout(3)
got, first, last = 0, None, None
while got < want:
    try:
        b = s.recv(1 << 20)
    except socket.timeout:
        break
    if not b:
        break
    now = time.monotonic()
    first = first or now
    last = now
    got += len(b)
print(got, (last - first) if first else 0, flush=True)
PY

rc=0
"$top_srcdir/tools/mkguest" --run "$t/guest.sh" > "$t/kit" 2> "$t/mkguest.err" || rc=$?
[ "$rc" = 0 ] || fail "mkguest failed ($rc): $(cat "$t/mkguest.err")"
cat > "$t/b.cfg" <<EOF
name = "chan-bench"
type = "pvh"
kernel = "$(kit_get "$t/kit" kernel)"
ramdisk = "$(kit_get "$t/kit" ramdisk)"
extra = "console=hvc0 xkbench.mb=$mb"
memory = 256
channel = [ "name=bench, connection=socket, path=$t/hvc.sock" ]
device_model_args = [ "-chardev", "socket,id=bare,path=$t/bare.sock,server=on,wait=off",
                      "-device", "virtconsole,bus=vser0.0,chardev=bare,name=bare",
                      "-chardev", "socket,id=raw,path=$t/raw.sock,server=on,wait=off",
                      "-device", "virtserialport,bus=vser0.0,chardev=raw,name=raw" ]
EOF
"$xl" create -q "$t/b.cfg" 2>"$t/create.err" || fail "create: $(cat "$t/create.err")"
id=$("$xl" domid chan-bench)
xl_wait_console 90 chan-bench 'xen-kvm-guest: init ready' || fail "guest did not boot"

step=0
# qemu_took PID SOCK: QEMU's end of SOCK is connected to one of PID's
# sockets (what it writes before that is lost)
qemu_took() {
	for i in $(ss -xHn state established src "$2" | awk '{ print $NF }'); do
		ls -l "/proc/$1/fd" 2>/dev/null | grep -q "socket:\[$i\]" && return 0
	done
	return 1
}
# run TARGET: one transfer; prints "<bytes> <seconds>"
run() {
	step=$((step + 1))
	rm -f "$t/out" "$t/relay.sock"
	case "$1" in
	raw|hvc|bare)
		python3 "$t/reader.py" connect "$t/$1.sock" $((mb << 20)) > "$t/out" &
		cpid=$! sock=$t/$1.sock ;;
	relay)
		python3 "$t/reader.py" listen "$t/relay.sock" $((mb << 20)) > "$t/out" &
		wait_for 10 test -S "$t/relay.sock" || fail "reader did not listen"
		"$relay" "$t/hvc.sock" "$t/relay.sock" &
		rpid=$! cpid=$! sock=$t/hvc.sock ;;
	esac
	wait_for 10 grep -q ready "$t/out" || fail "reader for $1 not ready"
	wait_for 10 qemu_took "$cpid" "$sock" || fail "QEMU did not accept on $sock"
	xenstore-write "/local/domain/$id/data/target" "$1" "/local/domain/$id/data/step" "$step"
	wait_for 120 sh -c "[ \$(wc -l < '$t/out') -ge 2 ]" || fail "$1 transfer did not end"
	if [ "$1" = relay ]; then kill "$rpid"; wait "$rpid" 2>/dev/null || true; fi
	wait_for 30 sh -c "[ \"\$(xenstore-read /local/domain/$id/data/done)\" = $step ]" ||
		fail "guest did not finish step $step"
	sed -n 2p "$t/out" > "$t/res"
}

# Rounds interleave the targets, so that drift of this machine's load hits
# all three alike.
for target in raw bare hvc relay; do : > "$t/$target.all"; done
r=0
while [ $r -lt "$rounds" ]; do
	for target in raw bare hvc relay; do
		run $target
		read -r bytes secs < "$t/res"
		echo "$target round $r: $bytes bytes in $secs s"
		[ "$bytes" -eq $((mb << 20)) ] || echo "$target: $(( (mb << 20) - bytes )) bytes lost (QEMU's virtconsole drops what its socket cannot take)"
		awk -v b="$bytes" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f\n", b / s / 1048576; else print 0 }' >> "$t/$target.all"
	done
	r=$((r + 1))
done
for target in raw bare hvc relay; do sort -g "$t/$target.all" | tail -n 1 > "$t/$target.mbs"; done
raw=$(cat "$t/raw.mbs") bare=$(cat "$t/bare.mbs") hvc=$(cat "$t/hvc.mbs") rel=$(cat "$t/relay.mbs")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "chan-throughput: DomU -> dom0, $mb MB, best of $rounds, TCG"
echo "  raw virtserialport (no tty, no layer): $raw MB/s"
echo "  bare virtconsole /dev/hvc2 (no layer): $bare MB/s  ($(ratio "$bare" "$raw")x raw)"
echo "  xl channel, /dev/hvc1 -> path=:        $hvc MB/s  ($(ratio "$hvc" "$bare")x bare virtconsole, $(ratio "$hvc" "$raw")x raw)"
echo "  xl channel through chanrelay:          $rel MB/s  ($(ratio "$rel" "$bare")x bare virtconsole, $(ratio "$rel" "$hvc")x direct)"
