-- Users, applications with their event history, the outbox and conversation (FSM) state.
-- Times are UTC text "YYYY-MM-DDTHH:MM:SS.ffffff"; JSON columns hold objects.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,  -- Telegram user id
    language TEXT,
    consent_version TEXT,
    consent_at TEXT,
    profile TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE applications (
    -- AUTOINCREMENT: an id (and so the number shown to a citizen) is never given out twice.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    programme TEXT NOT NULL,
    region TEXT,
    status TEXT NOT NULL CHECK (
        status IN ('queued', 'in_review', 'approved', 'rejected', 'needs_info', 'withdrawn')
    ),
    phone TEXT,
    comment TEXT,
    language TEXT NOT NULL,
    profile TEXT NOT NULL,
    verdict TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reviewer_id INTEGER,
    claimed_until TEXT,
    -- A claim always names its reviewer and its end.
    CHECK (status <> 'in_review' OR (reviewer_id IS NOT NULL AND claimed_until IS NOT NULL))
);

-- A double tap on "Apply" must not create a second application.
CREATE UNIQUE INDEX applications_one_active ON applications (user_id, programme)
    WHERE status IN ('queued', 'in_review', 'needs_info');

-- The review queue: one region's oldest first, or everybody's oldest first.
CREATE INDEX applications_queue_by_region ON applications (status, region, created_at, id);
CREATE INDEX applications_queue ON applications (status, created_at, id);
-- Claims that may have expired.
CREATE INDEX applications_claims ON applications (claimed_until) WHERE status = 'in_review';
CREATE INDEX applications_by_user ON applications (user_id, id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    actor_id INTEGER,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('citizen', 'staff', 'system')),
    at TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT
);

CREATE INDEX events_by_application ON events (application_id, id);
CREATE INDEX events_by_status ON events (to_status, at);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    language TEXT NOT NULL,
    event_id INTEGER REFERENCES events (id),
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT,
    -- The same event never queues the same message to the same chat twice.
    UNIQUE (event_id, kind, chat_id)
);

CREATE INDEX outbox_due ON outbox (not_before, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_by_chat ON outbox (chat_id);

-- aiogram StorageKey; no thread is 0 and no business connection is '' (key columns are NOT NULL).
CREATE TABLE fsm (
    bot_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,
    business_connection_id TEXT NOT NULL,
    destiny TEXT NOT NULL,
    state TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (bot_id, chat_id, user_id, thread_id, business_connection_id, destiny)
) WITHOUT ROWID;

CREATE INDEX fsm_by_user ON fsm (user_id);
