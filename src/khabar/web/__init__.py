"""khabar's web interface: server-rendered pages (Jinja2, autoescaped) plus a JSON API over a store.

``create_app(db, allow_ingest=False)`` builds the FastAPI app; ``serve(db, host, port, allow_ingest)`` runs it with
uvicorn (what ``khabar serve`` calls). Read-only unless ingest is allowed. Every asset is vendored under ``static/``.
"""
