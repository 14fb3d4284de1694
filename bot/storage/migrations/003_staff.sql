-- Staff review: who reviews which regions, refused attempts at staff actions, internal notes,
-- yearly plans, and how far the staff relay has read the event log.

CREATE TABLE staff (
    user_id INTEGER PRIMARY KEY,  -- Telegram user id
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor')),
    name TEXT,  -- shown to colleagues ("taken by …"); refreshed from Telegram
    language TEXT,  -- kk | ru: the language staff messages are written in; refreshed too
    added_by INTEGER,
    added_at TEXT NOT NULL
);

CREATE TABLE staff_regions (
    user_id INTEGER NOT NULL REFERENCES staff (user_id) ON DELETE CASCADE,
    region TEXT NOT NULL,
    PRIMARY KEY (user_id, region)
) WITHOUT ROWID;

CREATE INDEX staff_regions_by_region ON staff_regions (region);

-- Someone who is not staff (or not for that region) tried a staff action. No message text.
CREATE TABLE refused_attempts (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    application_id INTEGER
);

CREATE INDEX refused_attempts_by_user ON refused_attempts (user_id, at);

-- Notes between reviewers about an application. Citizens never see them.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    author_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE INDEX notes_by_application ON notes (application_id, id);

-- How many participants a programme should reach in a region in a year (set by admins).
CREATE TABLE plans (
    year INTEGER NOT NULL,
    programme TEXT NOT NULL,
    region TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target >= 0),
    set_by INTEGER,
    set_at TEXT NOT NULL,
    PRIMARY KEY (year, programme, region)
) WITHOUT ROWID;

-- The staff relay turns events (submitted, answered, withdrawn, claim expired) into messages
-- for staff; this is the last event it has handled. Events older than this migration are not
-- announced again: they are in /queue.
CREATE TABLE staff_relay (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_event_id INTEGER NOT NULL
);

INSERT INTO staff_relay (id, last_event_id) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM events));
