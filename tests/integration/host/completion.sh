#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# completion.sh: xl's bash completion against the real xl and a private
# xenstored-kvm: commands from `xl help', domain names from `xl list' (here
# Domain-0, the only domain), config files for create.
set -eu
. "$top_srcdir/tests/lib/common.sh"
need_cmd bash
. "$top_srcdir/tests/lib/xlenv.sh"
t=$XK_TMP
: > "$t/my-domain.cfg"
PATH=$top_builddir/xl-compat:$PATH
export PATH
# complete WORD...: what the completion offers for the last word
complete_xl() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _xl; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$top_srcdir/dist/host/xl.bash-completion" "$@"
}
[ "$(complete_xl xl cre)" = create ] || fail "xl cre: $(complete_xl xl cre)"
[ "$(complete_xl xl -v pci-assignable-l)" = pci-assignable-list ] || fail "after -v: $(complete_xl xl -v pci-assignable-l)"
[ "$(complete_xl xl pause Dom)" = Domain-0 ] || fail "xl pause Dom: $(complete_xl xl pause Dom)"
[ "$(complete_xl xl create "$t/my-d")" = "$t/my-domain.cfg" ] || fail "create file: $(complete_xl xl create "$t/my-d")"
[ "$(complete_xl xl help usb-l)" = usb-list ] || fail "help command: $(complete_xl xl help usb-l)"
[ "$(complete_xl xl -C "$t/xl.conf" destroy Do)" = Domain-0 ] || fail "after -C FILE"
echo "PASS: completion"
