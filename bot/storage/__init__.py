"""SQLite storage: users, applications, events, outbox and FSM state."""
