-- What became of an approved application, as the akimat counts it: the citizen referred to an
-- employer, placed (a contract signed), the participation completed, or ended early. Rows are
-- only ever added (the latest is the application's outcome now); each keeps the staff member's
-- name as it was. The employer is an organisation's name, kept for the reports; a note is free
-- text that may quote the citizen, and /forget empties it. The programme and region are the
-- application's when the outcome was recorded (neither changes once it is approved), so the
-- reports count from this table's index alone.
CREATE TABLE outcomes (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL CHECK (kind IN ('referred', 'placed', 'completed', 'terminated')),
    programme TEXT NOT NULL,
    region TEXT,
    at TEXT NOT NULL,
    employer TEXT,
    contract_start TEXT,  -- a date, YYYY-MM-DD: when the contract begins (placed)
    reason TEXT,  -- a code of bot/words/outcomes.py (terminated)
    note TEXT,
    actor_id INTEGER,
    actor_name TEXT
);

CREATE INDEX outcomes_by_application ON outcomes (application_id, id);
-- "Actual" in the reports: people placed, by the day their contract begins (a placement is
-- recorded at most once per application: nothing leads back to it).
CREATE INDEX outcomes_placed ON outcomes (contract_start, region, programme)
    WHERE kind = 'placed';

-- People placed per month of their contract's start, programme and region, kept by the
-- database itself as each placement is recorded: the plan report reads a few hundred rows
-- whatever the number of applications. Outcomes are never deleted or changed in kind, so the
-- counts only grow; region '' stands for an application without one.
CREATE TABLE placed_counts (
    month TEXT NOT NULL,  -- YYYY-MM
    programme TEXT NOT NULL,
    region TEXT NOT NULL,
    placed INTEGER NOT NULL,
    PRIMARY KEY (month, programme, region)
) WITHOUT ROWID;

CREATE TRIGGER outcomes_count_placed AFTER INSERT ON outcomes WHEN NEW.kind = 'placed'
BEGIN
    INSERT INTO placed_counts (month, programme, region, placed)
    VALUES (substr(NEW.contract_start, 1, 7), NEW.programme, COALESCE(NEW.region, ''), 1)
    ON CONFLICT (month, programme, region) DO UPDATE SET placed = placed + 1;
END;
