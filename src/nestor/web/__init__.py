"""``nestor serve``: a read-only JSON API (with an OpenAPI document) and a dashboard over one store.

* :mod:`.app` builds the ASGI application (``create_app``); :mod:`.server` runs it (``serve``).
* :mod:`.db` opens the store read-only, one SQLite connection per worker thread.
* :mod:`.api_events`, :mod:`.api_documents`, :mod:`.api_merge`, :mod:`.api_ingest`: the API routes.
* :mod:`.pages` serves the dashboard: fixed HTML shells and our own scripts; all data arrives as JSON and
  is put into the page as text, never as markup.
"""
