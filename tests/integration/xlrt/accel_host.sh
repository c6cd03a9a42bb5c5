#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# accel_host.sh: xen-kvm-accel on this host, and whether its choice is true.
# An explicit setting wins (XEN_KVM_ACCEL over the domain config over
# xl.conf), a bad name is an error, the self-test verdict is cached,
# re-checked on request, and the same with a longer timeout. Then the
# honesty check with the guest kit: if auto picks kvm (or xen), a real guest
# must boot under KVM; if it picks tcg because the self-test failed, the
# guest must boot under TCG and must NOT reach its init under KVM in 15 s
# (7 times what TCG needs), so the probe is not merely too strict. Never
# xen where KVM_CAP_XEN_HVM is absent (test_accel checks that against the
# kernel's answer). Without /dev/kvm the self-test and its cache are checked
# against a stand-in device and the guest boots under TCG only.
set -eu
. "$top_srcdir/tests/lib/common.sh"

need_qemu
need_cmd timeout od

accel=$top_builddir/xl-compat/runtime/xen-kvm-accel
t=$XK_TMP
export XEN_KVM_CACHE_DIR="$t/cache"
unset XEN_KVM_ACCEL XEN_KVM_ACCEL_RECHECK 2>/dev/null || true

expect() {
	[ "$1" = "$2" ] || fail "expected \"$2\", got \"$1\""
}

# --- explicit settings
expect "$(XEN_KVM_ACCEL=tcg "$accel" -c kvm -x xen)" \
	"accel: tcg (set by XEN_KVM_ACCEL)"
expect "$("$accel" -c kvm -x tcg)" "accel: kvm (set by device_model_accel in the domain config)"
expect "$("$accel" -x xen)" "accel: xen (set by kvm.accel in xl.conf)"
expect "$(XEN_KVM_ACCEL=kvm "$accel" -n)" kvm
rc=0
XEN_KVM_ACCEL=hvm "$accel" > "$t/out" 2> "$t/err" || rc=$?
[ "$rc" = 1 ] || fail "a bad name must exit 1, got $rc"
grep -q '"hvm" from XEN_KVM_ACCEL is not one of auto, xen, kvm, tcg' \
	"$t/err" || fail "bad name not explained: $(cat "$t/err")"
[ ! -e "$t/cache" ] || fail "explicit settings must not run the self-test"

# --- auto, with and without the cache
# Without a usable /dev/kvm (machines that have none, such as this project's
# CI), auto must say tcg and why; the self-test, its cache and the boot check
# then run against a stand-in: a plain file, which no KVM ioctl accepts, so
# the probe must reject it.
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	dev=/dev/kvm
else
	expect "$("$accel" -n)" tcg
	case "$("$accel")" in
	"accel: tcg (/dev/kvm: "*) ;;
	*) fail "no /dev/kvm, but auto does not say so: $("$accel")" ;;
	esac
	dev=$t/not-kvm
	: > "$dev"
	echo "no usable /dev/kvm: the self-test runs against $dev"
fi
first=$("$accel" -d "$dev")
echo "first run:  $first"
case "$first" in
"accel: tcg (KVM self-test"*": guests would hang on this host)") ;;
"accel: kvm (KVM self-test passed"*"; no Xen emulation: "*) ;;
"accel: xen (KVM self-test passed"*"KVM_CAP_XEN_HVM flags"*) ;;
*) fail "unexpected first answer: $first" ;;
esac
case "$first" in *cached*) fail "first run cannot be cached" ;; esac
[ "$dev" = /dev/kvm ] || case "$first" in
"accel: tcg (KVM self-test failed: KVM API version -1"*) ;;
*) fail "the stand-in for /dev/kvm was not rejected: $first" ;;
esac
grep -q "^key=$(uname -r)|.*|$dev|" "$t/cache/kvm-selftest" ||
	fail "verdict not cached under the kernel release and device"
second=$("$accel" -d "$dev")
echo "second run: $second"
case "$second" in
*", cached"*) ;;
*) fail "second run did not use the cache" ;;
esac
third=$("$accel" -d "$dev" -r)
case "$third" in *cached*) fail "-r used the cache: $third" ;; esac
expect "$(XEN_KVM_ACCEL_RECHECK=1 "$accel" -d "$dev" -n)" \
	"$("$accel" -d "$dev" -n)"
name=$("$accel" -d "$dev" -n)
# A patient self-test must reach the same verdict: speed has its own budget.
slow=$("$accel" -d "$dev" -r -t 5000)
echo "5 s timeout: $slow"
expect "$("$accel" -d "$dev" -n -t 5000)" "$name"

# --- is it true? Boot the guest kit.
cat > "$t/run.sh" <<'GUEST'
#!/bin/sh
sed -n 's/.*xlrt_token=\([0-9a-f]*\).*/guest-token: \1/p' /proc/cmdline
GUEST
rc=0
"$top_srcdir/tools/mkguest" --run "$t/run.sh" > "$t/kit" 2> "$t/kit.err" ||
	rc=$?
[ "$rc" != 69 ] || skip "mkguest: $(cat "$t/kit.err")"
[ "$rc" = 0 ] || fail "mkguest failed ($rc): $(cat "$t/kit.err")"
kernel=$(kit_get "$t/kit" kernel)
ramdisk=$(kit_get "$t/kit" ramdisk)

# boot ACCEL SECONDS: 0 if the guest printed this boot's token in time
boot() {
	tok=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	log=$t/boot-$1.log
	start=$(date +%s)
	timeout "$2" "$QEMU" -accel "$1" -machine q35 -m 256 -nodefaults \
		-display none -serial "file:$log" -no-reboot \
		-kernel "$kernel" -initrd "$ramdisk" \
		-append "console=ttyS0 quiet xlrt_token=$tok" \
		> "$t/qemu-$1.err" 2>&1 || true
	echo "boot under $1: $(( $(date +%s) - start )) s, last line: \
$(tail -n 1 "$log" 2>/dev/null | tr -d '\r')"
	grep -q "guest-token: $tok" "$log"
}

case "$name" in
kvm|xen)
	boot kvm 60 ||
		fail "auto chose $name, but a guest does not boot under KVM"
	;;
tcg)
	boot tcg 60 ||
		fail "auto chose tcg, but a guest does not boot under TCG"
	if [ "$dev" != /dev/kvm ]; then
		echo "no /dev/kvm: a KVM boot cannot be tried here"
	elif boot kvm 15; then
		fail "the self-test rejected KVM, yet a guest booted" \
			"under KVM: the probe is too strict"
	else
		echo "confirmed: under KVM the guest did not reach init in 15 s"
	fi
	;;
esac
echo "PASS: $first"
