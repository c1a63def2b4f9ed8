"""A saved web page: the main text and metadata, extracted by trafilatura (offline, from the file only).

Boilerplate (menus, footers, cookie notices, scripts, comments) is dropped. The publication date comes
from the page's markup and URL only: trafilatura's "extensive" search would also take dates printed in
the article, which are often the dates of the events it reports, not of the report.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import EmptyTextError, InputError, ParseError
from ..models import Document
from ..settings import Settings
from .decoding import decode_bytes, strip_newlines
from .records import make_document
from .streams import empty_file_error

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html(data: bytes, source: str, settings: Settings, doc_id: str) -> Document | InputError:
    markup = decode_bytes(data, source, html=True)
    if isinstance(markup, InputError):
        return markup
    # lxml refuses text that still declares a byte encoding, and the text is decoded already
    markup = strip_newlines(_XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return empty_file_error(source)
    import trafilatura  # noqa: F401 - a missing dependency is an install problem, not this page's

    try:
        page = _extract(markup)
    except Exception as exc:  # lxml/trafilatura on arbitrary markup: any failure is the page's
        return ParseError(f"could not read the page as HTML ({type(exc).__name__}: {exc})", source)
    if page is None:
        return ParseError("could not read the page as HTML", source)
    text = strip_newlines(page.pop("text") or "")
    if not text.strip():
        return EmptyTextError("no main text found in the page", source)
    return make_document({"id": doc_id, "text": text, **page}, settings, source)


def _extract(markup: str) -> dict[str, Any] | None:
    from trafilatura import bare_extraction
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    # trafilatura takes a lone fragment ("<p>...</p>") for something other than HTML: give it a page
    tree = load_html(markup)
    if tree is None:
        tree = load_html(f"<html><body>{markup}</body></html>")
    if tree is None:
        return None
    language = _declared_language(tree)
    result = bare_extraction(
        tree,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    if result is None:
        return {"text": None}
    return {
        "text": result.text,
        "title": result.title,
        "url": result.url,
        "published": result.date,
        "publication": result.sitename,
        "language": result.language or language,
    }


def _declared_language(tree: Any) -> str | None:
    """The page's language from ``<html lang>`` or a Content-Language meta element."""
    root = tree.getroottree().getroot()
    lang = root.get("lang") or root.get("xml:lang")
    if not lang:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" and meta.get("content"):
                lang = meta.get("content")
                break
    if not lang:
        return None
    return lang.split(",")[0].strip() or None
