"""aiogram's schemas are built on first use, and every one of them still builds."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import bot.app  # what `jumys run` imports: the hook first, then aiogram

import aiogram.types as types
from bot.lazy_schemas import build_all, build_update_models

assert not types.PassportData.__pydantic_complete__, "built at import"
assert not types.Message.__pydantic_complete__, "built at import"
build_update_models()  # what `jumys run` builds at start
assert types.Message.__pydantic_complete__ and types.Update.__pydantic_complete__
assert not types.PassportData.__pydantic_complete__, "built with the update models"
failed = build_all()
assert failed == [], failed
assert types.Message.__pydantic_complete__ and types.PassportData.__pydantic_complete__
update = types.Update.model_validate(
    {"update_id": 1, "message": {"message_id": 1, "date": 0,
     "chat": {"id": 1, "type": "private"}, "text": "/start"}}
)
assert update.message is not None and update.message.text == "/start"
print("ok")
"""


def test_types_wait_to_be_built_and_every_type_and_method_still_builds() -> None:
    # A fresh interpreter: this test process may have built some types already.
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
