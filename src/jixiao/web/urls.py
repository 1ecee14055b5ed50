"""URL map: pages, the JSON API, imports/exports, the dashboard and the public pages."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("api/", include("jixiao.web.api.urls")),
    path("public/", include("jixiao.web.views.public")),
    path("dashboard/", include("jixiao.web.views.dashboard")),
    path("", include("jixiao.web.views.transfer")),
    path("", include("jixiao.web.views.plans")),
    path("", include("jixiao.web.views.pages")),
]

handler400 = "jixiao.web.views.common.bad_request"
handler403 = "jixiao.web.views.common.forbidden"
handler404 = "jixiao.web.views.common.not_found"
handler500 = "jixiao.web.views.common.server_error"
