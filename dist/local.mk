# dist: see README
