"""Statistics and exports, for the `jumys` commands, the staff in Telegram and the web desk."""
