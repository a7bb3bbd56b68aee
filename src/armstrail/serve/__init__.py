"""serve: the evidence base in the browser and over HTTP (``armstrail serve``). ``create_app``
builds the FastAPI application around an engine; pages are server-rendered with Jinja2 (every
value escaped), graphs drawn server-side as SVG, and the JSON API lives under ``/api/v1``."""

from armstrail.serve.app import ServeOptions, create_app

__all__ = ["ServeOptions", "create_app"]
