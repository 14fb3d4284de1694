-- Review in Telegram (JUMYS_STAFF_TELEGRAM=review): every copy of an application's card in a
-- staff chat, so that each is redrawn when the application moves and redacted when the
-- citizen's data is erased (/forget, retention). Ids only: the card's words are drawn anew.
CREATE TABLE card_copies (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    language TEXT NOT NULL,  -- the card is redrawn in the language it was drawn in
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

CREATE INDEX card_copies_by_application ON card_copies (application_id);

-- When Telegram first refused a staff member's private chat (they never pressed Start, or
-- blocked the bot); NULL again once they write to the bot. Such a member serves no region.
ALTER TABLE staff ADD COLUMN unreachable_since TEXT;
