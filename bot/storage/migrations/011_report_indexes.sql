-- The desk's reports: a reviewer's name as their latest event has it, found by one index seek
-- per reviewer instead of a walk over every event.
CREATE INDEX events_by_actor ON events (actor_id, id);
