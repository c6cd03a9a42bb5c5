#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# guest-kit.sh: the guest kit itself, without booting it (guest-boot.sh does
# that). Checks that --add places files, that the module load order is the
# dependency closure of modules.dep with every dependency first, that the
# xenstore tools come with their libraries and loader, that --disk holds its
# contents, that a second run with the same inputs is a cache hit (same paths,
# nothing rebuilt, fast), that a changed input gives a new kit, that --print
# and the default cache location behave as documented, and that an
# interrupted build leaves nothing behind.
set -eu
. "$top_srcdir/tests/lib/common.sh"

PATH=$PATH:/usr/sbin:/sbin   # debugfs, for users without sbin on PATH
need_cmd cpio debugfs

mkguest=$top_srcdir/tools/mkguest
t=$XK_TMP
cache=$t/cache

tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
echo "added $tok" > "$t/added.txt"
mkdir -p "$t/tree/sub" "$t/diskdir"
echo "in a tree" > "$t/tree/sub/file"
echo "on the disk" > "$t/diskdir/hello.txt"
printf '#!/bin/sh\necho hi\n' > "$t/run.sh"

set -- --cache "$cache" --run "$t/run.sh" --add "$t/added.txt:/etc/added.txt" \
	--add "$t/tree:/opt/tree" --disk "8M:$t/diskdir"

rc=0
"$mkguest" "$@" > "$t/out1" 2> "$t/err1" || rc=$?
cat "$t/err1" >&2
[ "$rc" != 69 ] || skip "mkguest: $(cat "$t/err1")"
[ "$rc" = 0 ] || fail "mkguest failed ($rc)"
cat "$t/out1"
kernel=$(kit_get "$t/out1" kernel)
ramdisk=$(kit_get "$t/out1" ramdisk)
disk=$(kit_get "$t/out1" disk)
case "$kernel" in "$cache"/*/vmlinuz) ;; *) fail "kernel path not in the cache: $kernel" ;; esac
[ "$(dirname "$ramdisk")" = "$(dirname "$kernel")" ] || fail "kernel and ramdisk in different kits"
[ "$(dd if="$kernel" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] || fail "kernel is not a bzImage"
[ -f "$disk" ] || fail "no disk image"

# --- contents of the initramfs
x=$t/x
mkdir -p "$x"
(cd "$x" && gzip -dc "$ramdisk" | cpio -id --quiet) || fail "ramdisk is not a gzip'd cpio"
[ -x "$x/init" ] || fail "no executable /init"
grep -qx "added $tok" "$x/etc/added.txt" || fail "--add did not place /etc/added.txt"
grep -qx "in a tree" "$x/opt/tree/sub/file" || fail "--add did not place a directory tree"
cmp -s "$t/run.sh" "$x/etc/xkguest/run" || fail "--run script not in the kit"
[ -x "$x/bin/busybox" ] && [ -L "$x/bin/sh" ] || fail "busybox or its applet links missing"
[ -x "$x/usr/bin/xenstore-read" ] || fail "xenstore-read missing"
# the build's agent by default, started by /init; the p9 mount helper
cmp -s "$top_builddir/tools/agent/xen-kvm-agent" "$x/usr/sbin/xen-kvm-agent" ||
	fail "the build's xen-kvm-agent is not the kit's /usr/sbin/xen-kvm-agent"
grep -q '/usr/sbin/xen-kvm-agent ||' "$x/init" || fail "/init does not start the agent"
[ -x "$x/usr/sbin/xen-kvm-mount-p9" ] || fail "xen-kvm-mount-p9 missing"
ldd /usr/bin/xenstore-read | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
while IFS= read -r lib; do
	[ -f "$x$lib" ] || fail "xenstore-read needs $lib, not in the kit"
done

kver=$(cat "$x/etc/xkguest/kernel-version")
dep=/lib/modules/$kver/modules.dep
[ -f "$dep" ] || fail "kit kernel $kver has no modules.dep on the host"
order=$x/etc/xkguest/modules
for m in virtio_pci virtio_console virtio_blk virtio_net 9pnet_virtio 9p ext4; do
	grep -q "/$m\.ko$" "$order" || fail "module $m not in the load order"
done
# vsock for the guest link, when this kernel has it as modules
if grep -q '/vmw_vsock_virtio_transport\.ko[.a-z]*:' "$dep"; then
	for m in vsock vmw_vsock_virtio_transport_common vmw_vsock_virtio_transport; do
		grep -q "/$m\.ko$" "$order" || fail "vsock module $m not in the load order"
	done
fi
# ext4 needs crc32c, a soft dependency (modules.softdep) resolved through
# modules.alias: without it ext4 cannot mount.
if grep -q '^softdep ext4 pre:.*crc32c' "${dep%.dep}.softdep" &&
	grep -q '/crc32c_generic\.ko:' "$dep"; then
	grep -q '^?.*/crc32c_generic\.ko$' "$order" || fail "ext4's soft dependency crc32c missing"
fi
# Every module's dependencies (per the host's modules.dep) come before it.
awk -v dep="$dep" '
	BEGIN { while ((getline l < dep) > 0) { split(l, f, ":"); d[f[1]] = f[2] } }
	{
		m = $0; sub(/^\?/, "", m); pos[m] = NR
		n = split(d[m], ds, " ")
		for (i = 1; i <= n; i++) {
			k = ds[i]; sub(/\.(xz|zst|gz)$/, "", k)
			if (!(k in pos)) { print "FAIL: " m " loads before its dependency " k; bad = 1 }
		}
	}
	END { exit bad }
' "$order" || fail "module load order is not dependency-first"
while IFS= read -r m; do
	m=${m#\?}
	[ -f "$x/lib/modules/$kver/$m" ] || fail "module file $m missing"
done < "$order"

# --- the disk image
[ "$(debugfs -R 'cat /hello.txt' "$disk" 2>/dev/null)" = "on the disk" ] ||
	fail "disk image lacks the --disk contents"

# --- cache hit: same paths, nothing rebuilt, fast
before=$(ls -li --time-style=+%s%N "$ramdisk" "$kernel" "$disk")
s=$(date +%s%N)
"$mkguest" "$@" > "$t/out2" 2> "$t/err2" || fail "second run failed"
ms=$(( ($(date +%s%N) - s) / 1000000 ))
cmp -s "$t/out1" "$t/out2" || fail "second run printed other paths"
! grep -q 'built' "$t/err2" || fail "second run rebuilt: $(cat "$t/err2")"
[ "$before" = "$(ls -li --time-style=+%s%N "$ramdisk" "$kernel" "$disk")" ] ||
	fail "second run touched the kit"
[ "$ms" -lt 2000 ] || fail "cache hit took $ms ms"
echo "cache hit in $ms ms"
[ "$(ls "$cache")" = "$(basename "$(dirname "$kernel")")" ] || fail "cache holds more than one kit"

# --print: the same paths, and exit 1 for a kit not built yet
"$mkguest" --print "$@" > "$t/out3" || fail "--print failed on a built kit"
cmp -s "$t/out1" "$t/out3" || fail "--print printed other paths"

# --- a changed input gives another kit
echo "changed" > "$t/added.txt"
rc=0; "$mkguest" --print "$@" > "$t/out4" 2>/dev/null || rc=$?
[ "$rc" = 1 ] || fail "--print of an unbuilt kit exited $rc, not 1"
[ "$(kit_get "$t/out4" kernel)" != "$kernel" ] || fail "changed --add content, same kit"

# --- the agent is part of the key: the default one, another one or none
# give three kits (same inputs otherwise)
cp "$top_builddir/tools/agent/xen-kvm-agent" "$t/agent"
echo >> "$t/agent"
"$mkguest" --print --agent "$t/agent" "$@" > "$t/out7" 2>/dev/null || true
"$mkguest" --print --no-agent "$@" > "$t/out8" 2>/dev/null || true
kits=$(for o in out4 out7 out8; do kit_get "$t/$o" kernel; done | sort -u | wc -l)
[ "$kits" = 3 ] || fail "default agent, another agent and no agent do not give 3 kits"

# --- default cache location
rc=0; top_builddir=$t/fakebuild "$mkguest" --print > "$t/out5" 2>/dev/null || rc=$?
case "$(kit_get "$t/out5" kernel)" in
"$t/fakebuild/guest-kit/"*/vmlinuz) ;;
*) fail "default cache is not under \$top_builddir/guest-kit: $(cat "$t/out5")" ;;
esac
rc=0; (cd "$t" && env -u top_builddir -u MKGUEST_CACHE XDG_CACHE_HOME="$t/xdg" "$mkguest" --print) > "$t/out6" 2>/dev/null || rc=$?
case "$(kit_get "$t/out6" kernel)" in
"$t/xdg/xen-kvm/guest-kit/"*/vmlinuz) ;;
*) fail "default cache outside a build is not under XDG_CACHE_HOME: $(cat "$t/out6")" ;;
esac

# --- an interrupted build leaves neither a kit nor its temporary directory
"$mkguest" --cache "$t/cache2" > /dev/null 2>&1 &
p=$!
# interrupt it once the build is under way in its temporary directory
wait_for 120 sh -c "ls -d '$t/cache2'/.mkguest.*/root >/dev/null 2>&1" ||
	fail "mkguest never started building in $t/cache2"
kill -TERM $p 2>/dev/null || true
wait $p 2>/dev/null || true
for k in "$t/cache2"/*; do
	[ -e "$k" ] || continue
	[ -f "$k/key" ] && [ -f "$k/initrd.gz" ] || fail "interrupted run left a half-built kit $k"
done
for k in "$t/cache2"/.mkguest*; do
	[ ! -e "$k" ] || fail "interrupted run left its temporary directory $k"
done

# --- usage errors
rc=0; "$mkguest" --add nocolon 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--add without DEST exited $rc, not 2"
rc=0; "$mkguest" --disk 12X 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--disk with a bad size exited $rc, not 2"
"$mkguest" --help | grep -q '^  kernel=PATH' || fail "--help does not document the outputs"

echo "PASS"
