# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The network tests' guests (source after tests/lib/xlenv.sh): a kit whose
# guest runs what dom0 writes to its data/cmd ("ID:COMMAND"), answering
# data/output (the output, also on its console) and then data/result
# "ID:EXIT-STATUS", and the scripts of tools/hotplug installed in
# $XEN_KVM_ROOT/etc/xen/scripts.
netguest_scripts=$XEN_KVM_ROOT/etc/xen/scripts
mkdir -p "$netguest_scripts"
cp "$top_srcdir"/tools/hotplug/vif-* "$top_srcdir"/tools/hotplug/xen-*.sh \
	"$netguest_scripts/"
cat > "$XK_TMP/netguest.sh" <<'GUEST'
#!/bin/sh
ip link set lo up
ip link set eth0 up
last=
while :; do
	c=$(xenstore-read data/cmd 2>/dev/null) || { sleep 0.1; continue; }
	id=${c%%:*}
	[ "$id" != "$last" ] || { sleep 0.1; continue; }
	last=$id
	out=$(sh -c "${c#*:}" 2>&1) && rc=0 || rc=$?
	echo "gx[$id] rc=$rc: $out"
	xenstore-write data/output "$out" data/result "$id:$rc"
done
GUEST
mkguest_kit "$XK_TMP/netkit" --run "$XK_TMP/netguest.sh"

# gx NAME COMMAND: run COMMAND in the guest; its exit status.  The command
# ids count in a file, not a variable: gx inside $(...) runs in a subshell,
# and a repeated id would be skipped by the guest and answered by the
# previous command's result.
gx() {
	gx_n=$(($(cat "$XK_TMP/gx.n" 2>/dev/null || echo 0) + 1))
	echo "$gx_n" > "$XK_TMP/gx.n"
	_d=$("$xl" domid "$1")
	xenstore-write "/local/domain/$_d/data/cmd" "$gx_n:$2"
	wait_for 120 sh -c "xenstore-read /local/domain/$_d/data/result 2>/dev/null | grep -q '^$gx_n:'" ||
		fail "$1 did not run: $2"
	return "$(xenstore-read "/local/domain/$_d/data/result" | cut -d: -f2)"
}
# gxo NAME COMMAND: run it, print its output; fails the test if it fails
gxo() {
	gx "$1" "$2" || fail "$1: $2 failed: $(xenstore-read "/local/domain/$_d/data/output")"
	xenstore-read "/local/domain/$_d/data/output"
}
# netguest_create NAME VIF...: a pvh guest of the kit with these vif
# specs, booted (paused=1: only created, paused); 1 if xl create failed
# (its stderr in $XK_TMP/NAME.err)
netguest_create() {
	_n=$1
	shift
	{
		printf 'name = "%s"\ntype = "pvh"\nmemory = 192\n' "$_n"
		printf 'kernel = "%s"\nramdisk = "%s"\n' \
			"$(kit_get "$XK_TMP/netkit" kernel)" \
			"$(kit_get "$XK_TMP/netkit" ramdisk)"
		printf 'extra = "console=hvc0"\nvif = [ '
		for _v in "$@"; do printf "'%s', " "$_v"; done
		printf ']\n'
	} > "$XK_TMP/$_n.cfg"
	"$xl" create -q ${paused:+-p} "$XK_TMP/$_n.cfg" 2> "$XK_TMP/$_n.err" ||
		return 1
	[ -n "${paused:-}" ] || xl_wait_console 120 "$_n" 'init ready' ||
		fail "$_n did not boot"
}
# chains: our nftables chains; has_link DEV
chains() { nft list table netdev xen-kvm 2>/dev/null | sed -n 's/^\tchain \([^ ]*\) .*/\1/p'; }
has_link() { ip link show "$1" >/dev/null 2>&1; }
