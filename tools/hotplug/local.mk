# Xen-compatible vif hotplug scripts and the helpers they source
# (tools/hotplug/README), installed where Xen keeps them: configure with
# --sysconfdir=/etc for /etc/xen/scripts
xenscriptsdir = $(sysconfdir)/xen/scripts
dist_xenscripts_SCRIPTS = tools/hotplug/vif-bridge tools/hotplug/vif-route \
	tools/hotplug/vif-nat
dist_xenscripts_DATA = tools/hotplug/xen-hotplug-common.sh \
	tools/hotplug/xen-network-common.sh tools/hotplug/vif-common.sh
EXTRA_DIST += tools/hotplug/README
