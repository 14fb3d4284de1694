"""SQLite storage: users, applications, events, outbox and FSM state.

Start with `bot.storage.database.Database`; the FSM storage is `bot.storage.fsm.SQLiteStorage`
(kept out of this package's import so that scripts without aiogram stay light).
"""
