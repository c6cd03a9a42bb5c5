# Helpers for the xenstore-utils shell tests: start a private xenstored-kvm,
# introduce domains, run a client as a domain. Sourced after common.sh.

XSD_BIN=${XENSTORED_KVM:-$top_builddir/xenstored-kvm/xenstored-kvm}
XS_DIR=$top_srcdir/tests/integration/xenstore
PY=/usr/bin/python3

need_xs_utils() {
	need_cmd xenstore-read xenstore-write xenstore-ls xenstore-rm xenstore-chmod \
		xenstore-watch xenstore-exists xenstore-list
	[ -x "$PY" ] || skip "needs /usr/bin/python3"
}

# start_xenstored: foreground daemon in $XK_TMP, dom0 clients find it through
# XENSTORED_PATH (exported).
start_xenstored() {
	[ -x "$XSD_BIN" ] || fail "daemon not built: $XSD_BIN"
	XS_RUN=$XK_TMP/run
	mkdir -p "$XS_RUN" "$XK_TMP/state"
	"$XSD_BIN" -N --rundir "$XS_RUN" --state-dir "$XK_TMP/state" \
		--log-file "$XK_TMP/xenstored.log" "$@" </dev/null 2>"$XK_TMP/xsd.stderr" &
	XSD_PID=$!
	cleanup_pid "$XSD_PID"
	wait_for 20 test -S "$XS_RUN/socket" || { cat "$XK_TMP/xenstored.log" "$XK_TMP/xsd.stderr" >&2; fail "daemon socket did not appear"; }
	XENSTORED_PATH=$XS_RUN/socket
	export XENSTORED_PATH
}

# xsd_alive: the daemon still runs and its sanitizers (ASan/UBSan builds)
# reported nothing. Every test ends with it.
xsd_alive() {
	kill -0 "$XSD_PID" 2>/dev/null || { cat "$XK_TMP/xenstored.log" "$XK_TMP/xsd.stderr" >&2; fail "daemon died"; }
	kill "$XSD_PID"
	wait "$XSD_PID" 2>/dev/null || true
	if grep -qE 'Sanitizer|runtime error:' "$XK_TMP/xsd.stderr"; then
		cat "$XK_TMP/xsd.stderr" >&2
		fail "the daemon's sanitizers reported errors"
	fi
	echo "ok: daemon alive and clean at the end"
}

introduce() { "$PY" "$XS_DIR/xsctl.py" "$XS_RUN/socket" introduce "$1" || fail "introduce $1"; }
release() { "$PY" "$XS_DIR/xsctl.py" "$XS_RUN/socket" release "$1" || fail "release $1"; }

# as_dom N CMD...: run an unmodified client as domain N (its domain socket).
as_dom() {
	_d=$1; shift
	XENSTORED_PATH=$XS_RUN/domain/$_d "$@"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
}

# expect_fail_msg WHAT PATTERN CMD...: CMD must fail and its stderr match PATTERN.
expect_fail_msg() {
	_what=$1; _pat=$2; shift 2
	if "$@" >"$XK_TMP/out" 2>"$XK_TMP/err"; then
		fail "$_what: succeeded (stdout: $(cat "$XK_TMP/out"))"
	fi
	grep -qi -- "$_pat" "$XK_TMP/err" || fail "$_what: stderr '$(cat "$XK_TMP/err")' lacks '$_pat'"
	echo "ok: $_what fails: $(head -1 "$XK_TMP/err")"
}
