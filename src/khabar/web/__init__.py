"""khabar's web interface: server-rendered pages (Jinja2, autoescaped) plus a JSON API over a store.

``create_app(db, allow_ingest=False, sql=False, token=None, …)`` builds the FastAPI app; ``serve(db, host, port, …)``
runs it with uvicorn (what ``khabar serve`` calls). Read-only unless ingest is allowed; the write form's checks are in
``guard``; the read-only SQL page (``--sql``) in ``sql``. Every asset is vendored under ``static/`` (docs/web.md).
Imports point one way: ``app`` → ``routes_*`` → ``state``/``guard``/``params``/``views`` → the store.
"""
