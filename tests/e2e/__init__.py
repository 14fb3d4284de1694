"""End-to-end tests: real bot processes against a Bot API emulator (tests/e2e/emulator)."""
