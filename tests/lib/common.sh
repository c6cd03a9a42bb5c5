# Shared helpers for the shell tests. Source it; it never runs anything itself.
#
# Skips: a test that cannot run here calls `skip REASON`. Outside CI that is
# exit 77 ("SKIP" in the summary, reason in the log). With XEN_KVM_NO_SKIP=1
# (set by `dist/setup check` under CI) a skip is a hard error, so a missing
# prerequisite can never turn into a green run.

: "${top_srcdir:?run through make check (top_srcdir unset)}"
: "${top_builddir:?run through make check (top_builddir unset)}"

skip() {
	if [ "${XEN_KVM_NO_SKIP:-0}" = 1 ]; then
		echo "ERROR: would skip, but skips are not allowed here: $*" >&2
		exit 99
	fi
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root: $*"
}

need_cmd() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c on PATH (dist/setup --deps installs it)"
	done
}

need_qemu() {
	[ -n "${QEMU:-}" ] && [ -x "$QEMU" ] ||
		skip "needs qemu-system-x86_64 >= 10 (dist/setup --deps installs it from bookworm-backports)"
}

# A private scratch directory, removed on exit together with any process the
# test registered with `cleanup_pid`.
XK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/xen-kvm-test.XXXXXX")
chmod 0700 "$XK_TMP"
_xk_pids=""
cleanup_pid() { _xk_pids="$_xk_pids $1"; }
_xk_cleanup() {
	for p in $_xk_pids; do kill "$p" 2>/dev/null || true; done
	for p in $_xk_pids; do wait "$p" 2>/dev/null || true; done
	rm -rf "$XK_TMP"
}
trap _xk_cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	_t=$1; shift
	_end=$(( $(date +%s) + _t ))
	until "$@"; do
		[ "$(date +%s)" -lt "$_end" ] || return 1
		sleep 0.05
	done
}

# mkguest_kit OUT [MKGUEST-ARGS...]: build (or find cached) the guest kit,
# its kernel=/ramdisk= lines in OUT and its messages in OUT.err. A missing
# Debian package (mkguest's exit 69) is a skip; any other failure fails.
mkguest_kit() {
	_out=$1; shift
	_rc=0
	"$top_srcdir/tools/mkguest" "$@" > "$_out" 2> "$_out.err" || _rc=$?
	[ "$_rc" != 69 ] || skip "mkguest: $(cat "$_out.err")"
	[ "$_rc" = 0 ] || fail "mkguest failed ($_rc): $(cat "$_out.err")"
}

# kit_get OUT KEY: the value of mkguest's KEY= line (kernel, ramdisk, disk) in OUT.
kit_get() {
	sed -n "s/^$2=//p" "$1"
}

# debian_unpack DIR PKG...: Debian's packages, fetched with `apt-get
# download' and unpacked under DIR/root, never installed; each once (kept
# until `make distclean'), one process at a time. No package: a skip.
debian_unpack() {
	_dir=$1; shift
	mkdir -p "$_dir"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$_dir/.lock"
		flock 9
	fi
	for _p in "$@"; do
		[ ! -e "$_dir/.unpacked-$_p" ] || continue
		need_cmd apt-get dpkg-deb
		# apt-get download writes into the current directory
		_fetch() { (cd "$_dir" && rm -f ./"$_p"_*.deb && apt-get download -q "$_p" >"$_dir/download.log" 2>&1); }
		# without apt lists (dist/setup found every package installed and
		# skipped apt-get update), root may refresh them once
		_fetch || { [ "$(id -u)" = 0 ] && apt-get update -q >>"$_dir/download.log" 2>&1 && _fetch; } ||
			skip "apt-get download $_p failed (no apt lists or no network?): $(tail -1 "$_dir/download.log")"
		_deb=$(ls "$_dir/$_p"_*.deb 2>/dev/null | head -1)
		[ -n "$_deb" ] || skip "apt-get download $_p produced no .deb"
		dpkg-deb -x "$_deb" "$_dir/root" || fail "dpkg-deb -x $_deb"
		: > "$_dir/.unpacked-$_p"
	done
	exec 9>&-
}

# xl_conf_init FILE: an xl.conf for the tests' domains.  Their QEMU runs
# restricted, as by default (xl.cfg(5), dm_restrict): as root its users are
# created here as the packages create them, and FILE is empty; not root,
# QEMU cannot be confined and FILE says so.
xl_conf_init() {
	if [ "$(id -u)" = 0 ]; then
		"$top_srcdir/dist/host/qemu-users" 2> "$XK_TMP/qemu-users.err" ||
			fail "cannot create QEMU's users: $(cat "$XK_TMP/qemu-users.err")"
		: > "$1"
	else
		echo 'kvm.dm_restrict = 0' > "$1"
	fi
}
