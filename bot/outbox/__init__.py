"""Messages that must reach someone later: what they say, the staff notices that events make,
and their delivery."""
