"""The JSON API under /api/: the patterns of the route table (see `routes.py`)."""

from __future__ import annotations

from jixiao.web.api.routes import url_patterns

urlpatterns = url_patterns()
