# xl-compat/runtime: see xl-compat/README
