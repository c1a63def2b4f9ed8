"""JSON responses written straight from plain data (no FastAPI encoder pass over large lists)."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


class FastJSON(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return FastJSON(data, status_code=status, headers=headers)
