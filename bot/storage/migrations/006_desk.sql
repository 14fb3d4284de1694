-- The staff desk on the web: accounts (a login and an argon2id hash) and sessions kept on the
-- server. Passwords set, sign-ins, sign-outs and lockouts go to the audit trail (staff_audit).

-- One account per staff member or admin. Admins are JUMYS_ADMINS, not rows of `staff`, so the
-- accounts are a table of their own, keyed by the Telegram id as `staff` is.
CREATE TABLE desk_accounts (
    user_id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,  -- argon2id, with its parameters and salt
    must_change INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
    failures INTEGER NOT NULL DEFAULT 0,  -- failed sign-ins in a row
    last_failure_at TEXT,
    locked_at TEXT,  -- set after too many failures; cleared only by a new password
    password_set_at TEXT NOT NULL,
    last_sign_in_at TEXT
);

-- A browser's session: before sign-in (user_id NULL: the language and the sign-in form's CSRF
-- token), then a new one at sign-in. The cookie holds a random token; only its SHA-256 is here,
-- so a copy of the database opens no session.
CREATE TABLE desk_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES desk_accounts (user_id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX desk_sessions_by_user ON desk_sessions (user_id);
CREATE INDEX desk_sessions_by_last_seen ON desk_sessions (last_seen_at);

-- When the member first wrote to the bot in Telegram: before that the bot cannot reach them.
ALTER TABLE staff ADD COLUMN telegram_seen_at TEXT;
