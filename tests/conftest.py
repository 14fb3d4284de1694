"""Shared by every test module: the tests folder is on the import path, so harnesses are
imported as `support.NAME` (and a room's own helpers as `ROOM.NAME`)."""

import os

# Every `jumys run` a test starts serves its staff desk on a port the system chooses, not on
# 8081: the tests of several checkouts may run on one machine at once.
os.environ["JUMYS_DESK_PORT"] = "0"
