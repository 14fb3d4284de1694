-- The web desk: the queue by programme and region, search by phone, IIN and name, transfers
-- between regions, and the desk's record of who searched for and looked at a citizen's data.

-- The name the citizen gave (their first name and surname); erased by /forget with the rest.
ALTER TABLE applications ADD COLUMN name TEXT;
-- The IIN among the citizen's answers, so that a search by IIN is an index seek; /forget empties
-- the answers and so this too.
ALTER TABLE applications ADD COLUMN iin TEXT
    GENERATED ALWAYS AS (json_extract(profile, '$.iin')) VIRTUAL;

CREATE INDEX applications_by_iin ON applications (iin) WHERE iin IS NOT NULL;
CREATE INDEX applications_by_phone ON applications (phone) WHERE phone IS NOT NULL;
-- The queue filtered by programme, in one region or in all.
CREATE INDEX applications_queue_by_region_programme
    ON applications (status, region, programme, created_at, id);
CREATE INDEX applications_queue_by_programme ON applications (status, programme, created_at, id);

-- Each word of a citizen's name in its search form (bot/storage/name_words.py): SQLite's lower()
-- folds only ASCII, and Kazakh and Russian names are Cyrillic. Rows are really deleted by
-- /forget (secure_delete), which an FTS index's segments would not guarantee. The region is the
-- application's (a transfer moves it too): a reviewer's search reads only their regions' rows.
CREATE TABLE application_name_words (
    word TEXT NOT NULL,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    region TEXT,
    PRIMARY KEY (word, application_id)
) WITHOUT ROWID;

CREATE INDEX application_name_words_by_region
    ON application_name_words (word, region, application_id);
CREATE INDEX application_name_words_by_application ON application_name_words (application_id);

-- Set when the event moved the application to another region (a transfer).
ALTER TABLE events ADD COLUMN to_region TEXT;

-- Each search and each look at a citizen's data on the desk: who, when, which application, what
-- kind. Never what was typed into the search (a phone, an IIN or a name is personal data): a
-- search that found nothing is one row with no application, one that found some is a row each.
CREATE TABLE desk_views (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    staff_id INTEGER NOT NULL,
    staff_name TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('search', 'view')),
    search_kind TEXT CHECK (search_kind IN ('number', 'phone', 'iin', 'name')),
    application_id INTEGER REFERENCES applications (id),
    CHECK ((kind = 'search') = (search_kind IS NOT NULL))
);

CREATE INDEX desk_views_by_application ON desk_views (application_id, at);
CREATE INDEX desk_views_by_staff ON desk_views (staff_id, at);
