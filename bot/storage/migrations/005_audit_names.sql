-- An audit trail that does not change after the fact: each event and note keeps the name its
-- staff author had when they acted (renaming oneself in Telegram, or leaving the staff, changes
-- nothing already written; citizens' events keep no name). What was written before this
-- migration gets the names known now, the best there is.
ALTER TABLE events ADD COLUMN actor_name TEXT;
ALTER TABLE notes ADD COLUMN author_name TEXT;

UPDATE events SET actor_name = (SELECT name FROM staff WHERE staff.user_id = events.actor_id)
WHERE actor_role = 'staff';
UPDATE notes SET author_name = (SELECT name FROM staff WHERE staff.user_id = notes.author_id);

-- The name a staff member had at their latest action, for reports over many applications.
CREATE INDEX events_by_staff_actor ON events (actor_id, id) WHERE actor_role = 'staff';

-- Changes of the staff (added, role, regions, removed) and exports of applications: who did
-- it, to whom or what, when; names as they were. Sign-ins to the desk are the desk's own.
CREATE TABLE staff_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,  -- NULL: the server's operator (`jumys staff ...`, `jumys export ...`)
    actor_name TEXT,
    action TEXT NOT NULL,  -- see bot.storage.audit.AuditAction
    subject_id INTEGER,  -- the staff member changed, if any
    subject_name TEXT,
    detail TEXT  -- the role, the region, or what an export held (no citizen's data)
);

CREATE INDEX staff_audit_by_time ON staff_audit (at, id);
