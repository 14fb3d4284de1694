"""Shared by every test module: the tests folder is on the import path, so harnesses are
imported as `support.NAME` (and a room's own helpers as `ROOM.NAME`)."""
