# dist/guest: service files for the guest agent inside guests (dist/guest/README)
guestdir = $(pkgdatadir)/guest
dist_guest_DATA = dist/guest/README dist/guest/xen-kvm-agent.service
dist_guest_SCRIPTS = dist/guest/xen-kvm-agent.openrc \
	dist/guest/xen-kvm-agent-power
