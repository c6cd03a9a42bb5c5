# tools: see README
