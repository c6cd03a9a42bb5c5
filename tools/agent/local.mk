# tools/agent: guest link protocol and guest agent; see tools/agent/README
