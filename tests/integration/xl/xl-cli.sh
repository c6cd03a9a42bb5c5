#!/bin/sh
# The xl front end: `xl -N create' on the seed configs prints the expected
# libxl-shaped JSON (k=v arguments appended as xl does), broken configs
# fail with file:line:col, the line and a caret and exit 1, unknown and
# KVM-meaningless keys are warned about, xl.conf defaults apply, and
# commands and global options behave as Xen's xl does.
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
[ -x "$XL" ] || fail "no $XL"
dir="$top_srcdir/tests/integration/xl/configs"
export XL_CONF="$XK_TMP/xl.conf"
: >"$XL_CONF"
uuid='uuid="00000000-0000-4000-8000-000000000001"'

n=0
for cfg in "$dir"/*.cfg; do
	# full-hvm sets every field, also gfx_passthru and usbversion with usb,
	# which create refuses and so -N; oracle.sh checks its JSON with libxl
	if [ "${cfg##*/}" = full-hvm.cfg ]; then
		rc=0; "$XL" -N create "$cfg" >"$XK_TMP/out" 2>"$XK_TMP/err" || rc=$?
		[ $rc = 1 ] && [ ! -s "$XK_TMP/out" ] ||
			fail "xl -N create full-hvm.cfg: exit $rc, $(wc -c < "$XK_TMP/out") bytes of JSON"
		continue
	fi
	"$XL" -N create "$cfg" "$uuid" >"$XK_TMP/out" 2>"$XK_TMP/err" ||
		fail "xl -N create $cfg: $(cat "$XK_TMP/err")"
	diff -u "${cfg%.cfg}.json" "$XK_TMP/out" || fail "JSON of $cfg differs"
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n seed configs"
grep -q "unknown key \`qemu_env'" "$XK_TMP/err" 2>/dev/null ||
	"$XL" -N create "$dir/seed-gtk-stdvga.cfg" 2>&1 >/dev/null |
	grep -q "seed-gtk-stdvga.cfg:8:1: warning: unknown key \`qemu_env'" ||
	fail "no warning for qemu_env"

# -f FILE and extra settings override the file (last wins)
"$XL" -N create -f "$dir/seed-spice-qxl.cfg" 'memory=2048' 'name="other"' >"$XK_TMP/out" ||
	fail "create -f failed"
grep -q '"target_memkb": 2097152' "$XK_TMP/out" || fail "memory=2048 did not win"
grep -q '"name": "other"' "$XK_TMP/out" || fail "name override lost"

# a broken config: position, line, caret, exit 1, nothing on stdout
printf 'name = "x"\ntype = "hvm"\nmemory = 512 MB\n' >"$XK_TMP/bad.cfg"
rc=0
"$XL" -N create "$XK_TMP/bad.cfg" >"$XK_TMP/out" 2>"$XK_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "broken config: exit $rc, wanted 1"
[ ! -s "$XK_TMP/out" ] || fail "broken config printed a model"
cat >"$XK_TMP/want" <<END
$XK_TMP/bad.cfg:3:14: error: unexpected \`M' (keys are lower case, strings are quoted)
memory = 512 MB
             ^
END
diff -u "$XK_TMP/want" "$XK_TMP/err" || fail "error format"

# a bad device spec is fatal and names its place in the file
printf 'name = "x"\ntype = "hvm"\ndisk = [ "/a,raw,xvda,rw", "/b,raw,xvdb,maybe" ]\n' >"$XK_TMP/bad.cfg"
rc=0
"$XL" -N create "$XK_TMP/bad.cfg" >/dev/null 2>"$XK_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "bad disk spec: exit $rc"
grep -q "bad.cfg:3:28: error: disk spec" "$XK_TMP/err" || fail "disk spec error: $(cat "$XK_TMP/err")"

# a bad value is reported at its key
printf 'name = "x"\ntype = "hvm"\n\n  on_crash = "explode"\n' >"$XK_TMP/bad.cfg"
rc=0
"$XL" -N create "$XK_TMP/bad.cfg" >/dev/null 2>"$XK_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "bad on_crash: exit $rc"
grep -q "bad.cfg:4:3: error: unknown on_crash action \`explode'" "$XK_TMP/err" ||
	fail "value error not at its key: $(cat "$XK_TMP/err")"

# KVM-meaningless keys: one warning per key
printf 'name = "x"\ntype = "hvm"\nhap = 1\nhap = 0\nmax_grant_frames = 64\n' >"$XK_TMP/kvm.cfg"
"$XL" -N create "$XK_TMP/kvm.cfg" >/dev/null 2>"$XK_TMP/err" || fail "kvm.cfg rejected"
[ "$(grep -c "no meaning on KVM" "$XK_TMP/err")" = 2 ] || fail "want 2 KVM warnings: $(cat "$XK_TMP/err")"

# xl.conf defaults reach the model; -C picks another xl.conf
printf 'vif.default.bridge = "br42"\nkvm.accel = "tcg"\n' >"$XK_TMP/other.conf"
"$XL" -C "$XK_TMP/other.conf" -N network-attach 0 mac=00:16:3e:00:00:02 >"$XK_TMP/out" ||
	fail "network-attach with -C failed"
grep -q '"bridge": "br42"' "$XK_TMP/out" || fail "vif.default.bridge not applied"
"$XL" -v -C "$XK_TMP/other.conf" -N network-attach 0 trusted 2>&1 >/dev/null |
	grep -q "kvm.accel=tcg" || fail "xl -v does not report kvm.accel"
printf 'kvm.accel = "fast"\n' >"$XK_TMP/other.conf"
if "$XL" -C "$XK_TMP/other.conf" -N network-attach 0 trusted >/dev/null 2>&1; then
	fail "bad kvm.accel accepted"
fi

# Xen's defaults where xl's own parsing decides them: a pci device follows
# rdm='s policy (strict without one), a p9 share has no devid
printf 'name = "r"\ntype = "hvm"\npci = [ "01:00.0" ]\np9 = [ "tag=t,path=/tmp,security_model=none" ]\n' >"$XK_TMP/rdm.cfg"
"$XL" -N create "$XK_TMP/rdm.cfg" >"$XK_TMP/out" 2>/dev/null || fail "rdm.cfg"
grep -q '"rdm_policy": "strict"' "$XK_TMP/out" || fail "pci rdm_policy is not strict by default"
! sed -n '/"p9s"/,/]/p' "$XK_TMP/out" | grep -q devid || fail "a p9 share got a devid"
"$XL" -N create "$XK_TMP/rdm.cfg" 'rdm="strategy=host,policy=relaxed"' >"$XK_TMP/out" 2>/dev/null ||
	fail "rdm.cfg with rdm="
grep -q '"rdm_policy": "relaxed"' "$XK_TMP/out" || fail "pci rdm_policy does not follow rdm="

# xl's messages and exit codes for unknown commands and options
rc=0
"$XL" frobnicate >/dev/null 2>"$XK_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "unknown command: exit $rc"
grep -qx 'command not implemented' "$XK_TMP/err" || fail "unknown command message"
rc=0
"$XL" -Z list >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "unknown global option: exit $rc"
"$XL" help create | grep -q '^Usage: xl \[-vfN\] create' || fail "help create"
"$XL" help create | grep -q '^-f FILE, --defconfig=FILE$' || fail "help create lists no options"
printf 'name = "dc"\ntype = "hvm"\n' >"$XK_TMP/dc.cfg"
XEN_KVM_ACCEL=tcg "$XL" create --defconfig="$XK_TMP/dc.cfg" -n -e -d >"$XK_TMP/out" 2>"$XK_TMP/err" ||
	fail "create --defconfig= -n: $(cat "$XK_TMP/err")"
grep -q '"name": "dc"' "$XK_TMP/out" || fail "--defconfig= did not name the file"
grep -q "^xl create -e: ignored" "$XK_TMP/err" && grep -q "^xl create -d: ignored" "$XK_TMP/err" ||
	fail "create -e -d said nothing: $(cat "$XK_TMP/err")"
"$XL" -t -T help >/dev/null 2>"$XK_TMP/err" || fail "xl -t -T help"
grep -q "^xl: -t: ignored" "$XK_TMP/err" && grep -q "^xl: -T: ignored" "$XK_TMP/err" ||
	fail "-t and -T said nothing: $(cat "$XK_TMP/err")"
"$XL" restore -e "$XK_TMP/no-such.save" 2>"$XK_TMP/err" && fail "restore of no file succeeded"
grep -q "^xl restore -e: ignored" "$XK_TMP/err" || fail "restore -e said nothing: $(cat "$XK_TMP/err")"
rc=0
"$XL" -N block-attach dom0name /a,raw,xvda >/dev/null 2>"$XK_TMP/err" || rc=$?
[ "$rc" = 1 ] || fail "domain name: exit $rc"
grep -q 'dom0name is an invalid domain identifier' "$XK_TMP/err" || fail "domain message"
