-- Deadlines (issue 19): when each application began to wait, the reminders of unanswered
-- questions, and the days whose overdue digest went out.

-- When the application began to wait: for the centre (submitted, answered, reopened, given
-- back for no answer) or, waiting for the citizen, when the question was asked. Taking it and
-- letting it go (released, a claim run out, a transfer) keep it: the clock runs on.
ALTER TABLE applications ADD COLUMN waiting_since TEXT;

UPDATE applications SET waiting_since = COALESCE(
    (
        SELECT MAX(e.at) FROM events e WHERE e.application_id = applications.id AND (
            e.from_status IS NULL OR e.to_status = 'needs_info'
            OR e.from_status IN ('needs_info', 'approved', 'rejected')
        )
    ),
    created_at
);

-- A question recalled to the citizen, once per question (the application and when the question
-- was asked); `at` is when, from which the days to its return to the queue are counted.
CREATE TABLE answer_reminders (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    asked_at TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (application_id, asked_at)
) WITHOUT ROWID;

-- The days (Kazakhstan dates) whose digest of overdue work went to staff: never twice a day,
-- whatever the restarts.
CREATE TABLE overdue_digests (
    day TEXT PRIMARY KEY,
    at TEXT NOT NULL
) WITHOUT ROWID;
