#!/bin/sh
# Runs Xen's own disk and vif spec test cases (tools/xl/check-xl-*-parse,
# kept as data in *-cases.txt) through `xl -N block-attach 0 SPEC' and
# `xl -N network-attach 0 SPEC', comparing stdout byte for byte and the exit
# status, plus our w! extension cases.
. "$top_srcdir/tests/lib/common.sh"

XL="$top_builddir/xl-compat/xl"
[ -x "$XL" ] || fail "no $XL"
dir="$top_srcdir/tests/integration/xl"
export XL_CONF="$XK_TMP/xl.conf"
: >"$XL_CONF"

total=0 failures=0
run() { # FILE COMMAND
	XLCMD=$2
	exp="$XK_TMP/expected"
	inblock=0
	while IFS= read -r line; do
		if [ "$inblock" = 1 ]; then
			if [ "$line" = end ]; then inblock=0; else printf '%s\n' "$line" >>"$exp"; fi
			continue
		fi
		case "$line" in
		expect) : >"$exp"; inblock=1 ;;
		ok\ *|fail\ *)
			want=0; [ "${line%% *}" = fail ] && want=1
			eval "set -- ${line#* }"
			rc=0
			"$XL" -N "$XLCMD" 0 "$@" </dev/null >"$XK_TMP/actual" 2>"$XK_TMP/stderr" || rc=$?
			total=$((total + 1))
			if [ "$rc" != "$want" ] || ! cmp -s "$exp" "$XK_TMP/actual"; then
				failures=$((failures + 1))
				echo "case \`${line#* }' ($XLCMD): exit $rc, wanted $want"
				diff -u "$exp" "$XK_TMP/actual" || true
				cat "$XK_TMP/stderr"
			fi
			;;
		esac
	done <"$1"
}
run "$dir/disk-cases.txt" block-attach
run "$dir/vif-cases.txt" network-attach
run "$dir/disk-cases-ext.txt" block-attach
echo "spec cases: $total run, $failures failed"
[ "$total" -ge 78 ] || fail "only $total cases ran"
[ "$failures" = 0 ] || fail "$failures spec cases differ from Xen's expectations"
