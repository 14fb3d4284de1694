"""The citizen's conversation apart from aiogram routing: steps, keyboards, texts, formatting."""
