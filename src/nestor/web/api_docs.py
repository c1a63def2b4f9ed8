"""``/api/docs``: the API's documentation as one plain HTML page, generated from the OpenAPI document
(so it lists exactly the routes and parameters the server has), with nestor's own stylesheet and no
script: nothing is loaded from a CDN, and every text is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        kinds = [_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) or "any"
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items') or {})}"
    kind = str(schema.get("type", "any"))
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum") if k in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")


def render(spec: dict[str, Any]) -> str:
    """The HTML page of an OpenAPI document."""
    info = spec.get("info", {})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(str(info.get('title', 'API')))} API</title>",
        "<link rel='stylesheet' href='/static/css/app.css'></head><body><main class='api-docs'>",
        f"<h1>{escape(str(info.get('title', '')))} API {escape(str(info.get('version', '')))}</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        "<p>Machine-readable: <a href='/api/openapi.json'>/api/openapi.json</a>.</p>",
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            parts.append(f"<section><h2><code>{escape(method.upper())} {escape(path)}</code></h2>")
            parts.append(f"<p>{escape(str(op.get('summary', '')))}</p>")
            params = op.get("parameters") or []
            if params:
                parts.append("<table><thead><tr><th>parameter</th><th>in</th><th>type</th><th>default</th>")
                parts.append("<th>meaning</th></tr></thead><tbody>")
                for p in params:
                    schema = p.get("schema") or {}
                    default = schema.get("default")
                    required = " (required)" if p.get("required") else ""
                    parts.append(
                        f"<tr><td><code>{escape(p['name'])}</code>{required}"
                        f"</td><td>{escape(p.get('in', ''))}</td><td>{escape(_type(schema))}</td>"
                        f"<td>{'' if default is None else escape(str(default))}</td>"
                        f"<td>{escape(str(p.get('description', '')))}</td></tr>"
                    )
                parts.append("</tbody></table>")
            parts.append("</section>")
    parts.append("</main></body></html>")
    return "".join(parts)


def install(app: FastAPI) -> None:
    router = APIRouter(prefix="/api")

    @router.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(render(request.app.openapi()), headers={"Cache-Control": "no-cache"})

    app.include_router(router)
