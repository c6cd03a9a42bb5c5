# dist/host: the host's services (systemd units, OpenRC scripts) and the
# xendomains service, installed where the configured paths say.
host_units = dist/host/xenstored-kvm.service dist/host/xendomains.service
host_openrc = dist/host/xenstored-kvm.openrc dist/host/xendomains.openrc
systemdsystemunit_DATA = $(host_units)
xendomainsdir = $(pkglibexecdir)
bashcompletiondir = $(datadir)/bash-completion/completions
bashcompletion_DATA = dist/host/xl
dist_xendomains_SCRIPTS = dist/host/xendomains dist/host/qemu-users
CLEANFILES += $(host_units) $(host_openrc) dist/host/xl
EXTRA_DIST += dist/deb dist/debian dist/rpm-build dist/rpm $(host_units:=.in) $(host_openrc:=.in) dist/host/xl.bash-completion \
	dist/host/xendomains.default

# paths substituted at build time, so --prefix and friends are honoured
host_subst = sed -e 's|@sbindir[@]|$(sbindir)|g' \
	-e 's|@sysconfdir[@]|$(sysconfdir)|g' \
	-e 's|@pkglibexecdir[@]|$(pkglibexecdir)|g'
$(host_units) $(host_openrc): %: %.in Makefile
	@mkdir -p $(@D)
	$(AM_V_GEN)$(host_subst) $(srcdir)/$@.in > $@

# installed under their service names: /etc/init.d/NAME, /etc/default/NAME
install-data-local: install-host-files
install-host-files: $(host_openrc)
	$(MKDIR_P) '$(DESTDIR)$(sysconfdir)/init.d' '$(DESTDIR)$(sysconfdir)/default'
	for f in $(host_openrc); do \
		n=$${f##*/}; \
		$(INSTALL_SCRIPT) $$f '$(DESTDIR)$(sysconfdir)/init.d/'$${n%.openrc}; \
	done
	$(INSTALL_DATA) $(srcdir)/dist/host/xendomains.default \
		'$(DESTDIR)$(sysconfdir)/default/xendomains'
uninstall-local: uninstall-host-files
uninstall-host-files:
	rm -f '$(DESTDIR)$(sysconfdir)/init.d/xenstored-kvm' \
		'$(DESTDIR)$(sysconfdir)/init.d/xendomains' \
		'$(DESTDIR)$(sysconfdir)/default/xendomains'
.PHONY: install-host-files uninstall-host-files
# distcheck installs under its own prefix, units included
AM_DISTCHECK_CONFIGURE_FLAGS = \
	--with-systemdsystemunitdir=$$dc_install_base/lib/systemd/system

TESTS += tests/integration/host/units.sh tests/integration/host/man.sh \
	tests/integration/host/completion.sh tests/integration/host/deb-install.sh \
	tests/integration/host/rpm-build.sh
EXTRA_DIST += tests/integration/host/units.sh tests/integration/host/man.sh \
	tests/integration/host/completion.sh tests/integration/host/deb-install.sh \
	tests/integration/host/rpm-build.sh
TESTS += tests/e2e/xendomains.sh
EXTRA_DIST += tests/e2e/xendomains.sh

MAN8 += dist/host/xendomains.8
EXTRA_DIST += dist/host/xendomains.8.pod

# bash-completion looks a completion up by the command's name
dist/host/xl: dist/host/xl.bash-completion
	@mkdir -p $(@D)
	$(AM_V_GEN)cp $(srcdir)/dist/host/xl.bash-completion $@
