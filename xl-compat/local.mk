# xl-compat: see README
