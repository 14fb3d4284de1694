"""The staff desk on the web: aiohttp pages rendered from Jinja2 templates, served by `jumys run`
beside the bot (`server.py`), with accounts, sessions and CSRF tokens of its own."""
