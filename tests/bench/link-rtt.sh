#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the guest link (run by `make bench`): round-trip latency from
# inside a TCG guest of a small message echoed over a bare virtio-serial port
# (the baseline, no layer of ours) against the same message echoed through
# xen-kvm-agent + the link + xen-kvm-linkd; an XS_READ and a whole unmodified
# xenstore-read, each through our layer and over a bare port that QEMU joins
# straight to xenstored-kvm; and the cheapest relay process a guest can put in
# front of a bare port (the floor of any design with a guest relay); all measured by tests/bench/link-rtt in the same
# guest, interleaved. Prints numbers and ratios; never fails on time.
# LINK_BENCH_N sets the round trips per mode and round (default 400).
. "$top_srcdir/tests/lib/common.sh"
QEMU=${QEMU:-$(command -v qemu-system-x86_64 || true)}
need_qemu
need_cmd xenstore-write timeout

agent=$top_builddir/tools/agent/xen-kvm-agent
linkd=$top_builddir/tools/agent/xen-kvm-linkd
rtt=$top_builddir/tests/bench/link-rtt
xsd=$top_builddir/xenstored-kvm/xenstored-kvm
t=$XK_TMP
N=4
n=${LINK_BENCH_N:-400}

cat > "$t/guest.sh" <<'GUEST'
#!/bin/sh
n=$(sed -n 's/.*xkbench\.n=\([0-9]*\).*/\1/p' /proc/cmdline)
# /init has started the default agent; a second one serves the echo port
/usr/sbin/xen-kvm-agent --port org.xenkvm.link2 --socket /run/echo/socket
i=0
until timeout 5 xenstore-read data/x >/dev/null 2>&1; do
	i=$((i + 1)); [ $i -lt 150 ] || { echo "link-rtt: no XenStore"; exit 1; }
	sleep 0.2
done
link-rtt guest org.xenkvm.echo org.xenkvm.echo2 /run/echo/socket org.xenkvm.xsraw org.xenkvm.xsraw2 \
	/var/run/xenstored/socket "$n"
GUEST
"$top_srcdir/tools/mkguest" --run "$t/guest.sh" --agent "$agent" \
	--add "$rtt:/usr/bin/link-rtt" > "$t/kit" 2> "$t/mkguest.err" ||
	fail "mkguest: $(cat "$t/mkguest.err")"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)

[ -x "$xsd" ] || fail "xenstored-kvm not built: $xsd"
mkdir -p "$t/run" "$t/state"
"$xsd" -N --rundir "$t/run" --state-dir "$t/state" </dev/null 2>"$t/xsd.err" &
cleanup_pid $!
wait_for 20 test -S "$t/run/socket" || fail "xenstored-kvm did not start"
/usr/bin/python3 -c "import pyxs, sys
c = pyxs.Client(unix_socket_path=sys.argv[1]); c.connect()
c.introduce_domain($N, 0, 0)" "$t/run/socket" || fail "INTRODUCE failed"
wait_for 20 test -S "$t/run/domain/$N" || fail "no domain socket"
XENSTORED_PATH=$t/run/socket xenstore-write /local/domain/$N/data/x 0123456789abcdef
XENSTORED_PATH=$t/run/socket xenstore-chmod -r /local/domain/$N/data n$N

"$rtt" echo-listen "$t/echo-server.sock" &
cleanup_pid $!
timeout -k 5 600 "$QEMU" -accel tcg -machine q35 -m 256 -nographic -nodefaults \
	-serial stdio -no-reboot -kernel "$kernel" -initrd "$ramdisk" \
	-append "console=ttyS0 quiet xkbench.n=$n" \
	-device virtio-serial-pci \
	-chardev socket,id=link,path="$t/link.sock",server=on,wait=off \
	-device virtserialport,chardev=link,name=org.xenkvm.link \
	-chardev socket,id=link2,path="$t/link2.sock",server=on,wait=off \
	-device virtserialport,chardev=link2,name=org.xenkvm.link2 \
	-chardev socket,id=echo,path="$t/echo.sock",server=on,wait=off \
	-device virtserialport,chardev=echo,name=org.xenkvm.echo \
	-chardev socket,id=echo2,path="$t/echo2.sock",server=on,wait=off \
	-device virtserialport,chardev=echo2,name=org.xenkvm.echo2 \
	-chardev socket,id=xsraw,path="$t/run/domain/$N" \
	-device virtserialport,chardev=xsraw,name=org.xenkvm.xsraw \
	-chardev socket,id=xsraw2,path="$t/run/domain/$N" \
	-device virtserialport,chardev=xsraw2,name=org.xenkvm.xsraw2 \
	< /dev/null > "$t/console.log" 2> "$t/qemu.err" &
qpid=$!
cleanup_pid $qpid
wait_for 20 test -S "$t/echo.sock" || fail "QEMU did not start: $(cat "$t/qemu.err")"
"$linkd" --link "$t/link.sock" --xenstore "$t/run/domain/$N" 2>"$t/linkd.err" &
cleanup_pid $!
"$linkd" --link "$t/link2.sock" --xenstore "$t/echo-server.sock" 2>"$t/linkd2.err" &
cleanup_pid $!
"$rtt" echo-connect "$t/echo.sock" &
cleanup_pid $!
"$rtt" echo-connect "$t/echo2.sock" &
cleanup_pid $!
wait $qpid || fail "QEMU: $(tail -5 "$t/console.log")"
tr -d '\r' < "$t/console.log" | grep '^link-rtt:' || fail "no results: $(tail -20 "$t/console.log")"
