# QEMU command line from the domain model: see xl-compat/runtime/README
