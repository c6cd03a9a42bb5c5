# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers every hotplug script sources, under the names and with the
# behaviour Xen's scripts give them, so a script written for Xen that
# sources this file runs unchanged (tools/hotplug/README).  POSIX sh and
# bash alike.

dir=${dir:-$(dirname "$0")}
export PATH="${PATH:+$PATH:}/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin"
XEN_HOTPLUG_LOCK_DIR=${XEN_HOTPLUG_LOCK_DIR:-${XEN_KVM_ROOT}/var/run/xen-hotplug}

# log LEVEL MESSAGE...: to stderr, which the toolstack keeps in the
# domain's log (xl-<name>.log)
log() {
	_lvl=$1
	shift
	echo "$(basename "$0"): $_lvl: $*" >&2
}

# The result the toolstack reads: hotplug-status and hotplug-error in the
# device's backend node.
_xenstore_write() {
	xenstore-write "$@" >/dev/null 2>&1
}

fatal() {
	_xenstore_write "$XENBUS_PATH/hotplug-error" "$*" \
		"$XENBUS_PATH/hotplug-status" error
	log err "$@"
	exit 1
}

success() {
	# hotplug-error goes, so a retried device reports afresh
	xenstore-rm "$XENBUS_PATH/hotplug-error" >/dev/null 2>&1 || true
	xenstore_write "$XENBUS_PATH/hotplug-status" connected
}

sigerr() {
	fatal "$0 failed; error detected."
}
[ -n "${BASH_VERSION:-}" ] && trap sigerr ERR

xenstore_read() {
	_v=$(xenstore-read "$@" 2>/dev/null) || fatal "xenstore-read $* failed."
	echo "$_v"
}

# xenstore_read_default PATH DEFAULT
xenstore_read_default() {
	xenstore-read "$1" 2>/dev/null || echo "$2"
}

xenstore_write() {
	xenstore-write "$@" >/dev/null 2>&1 || fatal "xenstore-write $* failed."
}

do_or_die() {
	"$@" || fatal "$* failed"
}

do_without_error() {
	"$@" 2>/dev/null || log debug "$* failed"
}

# The first argument without `=': the command (online, offline, add...)
findCommand() {
	for _a in "$@"; do
		case $_a in
		*=*) ;;
		*) command=$_a; return 0 ;;
		esac
	done
	command=
}

# Every KEY=VALUE argument becomes a variable (type_if=vif ...)
evalVariables() {
	for _a in "$@"; do
		case $_a in
		*=*)
			_k=${_a%%=*}
			case $_k in
			''|[0-9]*|*[!A-Za-z0-9_]*) fatal "bad argument $_a" ;;
			esac
			eval "$_k=\${_a#*=}"
			;;
		esac
	done
}

# claim_lock NAME / release_lock NAME: one script at a time per NAME
# (file descriptor 9 holds the lock)
claim_lock() {
	mkdir -p "$XEN_HOTPLUG_LOCK_DIR"
	exec 9>>"$XEN_HOTPLUG_LOCK_DIR/$1"
	flock -x 9 || fatal "cannot lock $1"
}

release_lock() {
	flock -u 9 2>/dev/null
	exec 9>&-
}
