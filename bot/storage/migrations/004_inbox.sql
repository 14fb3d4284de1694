-- Updates taken from Telegram, kept before Telegram is told they arrived (getUpdates offset or
-- the webhook's 200), so an update in hand survives a crash. Once handled, the payload (which may
-- hold what the citizen typed) is erased and only the id stays, so an update Telegram sends again
-- is recognised and not handled twice; handled ids are pruned after a day.

CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT,  -- the update as JSON while it waits; NULL once handled
    received_at TEXT NOT NULL,
    handled_at TEXT,
    CHECK ((payload IS NULL) = (handled_at IS NOT NULL))
);

CREATE INDEX inbox_waiting ON inbox (update_id) WHERE handled_at IS NULL;
CREATE INDEX inbox_handled ON inbox (handled_at) WHERE handled_at IS NOT NULL;
