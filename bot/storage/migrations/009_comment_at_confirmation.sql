-- The comment is typed at the confirmation now: a conversation stored at the comment's own
-- step (a phone given, no comment yet) goes on at the confirmation, with the same draft.
UPDATE fsm SET state = 'Applying:confirm' WHERE state = 'Applying:comment';
