"""Pages of a list answer: `?page=&page_size=`, the body stays a JSON array, and the headers
say how many there are and where the other pages are (`X-Total-Count`, RFC 8288 `Link`)."""

from __future__ import annotations

import re
from typing import TypeVar
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from jixiao.web.errors import BadRequest

M = TypeVar("M", bound=Model)

#: Rows of one page unless the caller asks otherwise: a screenful of a client's table.
DEFAULT_PAGE_SIZE = 100
#: The most one call may ask for: a page stays a few hundred KB however large the year is.
MAX_PAGE_SIZE = 1000

_NUMBER = re.compile(r"[0-9]{1,9}")


def page_of(request: HttpRequest, items: QuerySet[M]) -> tuple[QuerySet[M], dict[str, str]]:
    """The slice of `items` the request asks for, and the paging headers of the answer.

    Raises:
        BadRequest: `page` or `page_size` not a positive whole number, or `page_size` above
            `MAX_PAGE_SIZE` — the message names the parameter.
    """
    page = _positive(request, "page", 1)
    size = _positive(request, "page_size", DEFAULT_PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise BadRequest(f"参数 page_size 最大为 {MAX_PAGE_SIZE}，收到 {size}",
                         code="invalid_query")
    total = items.count()
    last = max(1, -(-total // size))
    headers = {"X-Total-Count": str(total), "Link": _links(request, page, last, size)}
    start = (page - 1) * size
    return items[start:start + size], headers


def _positive(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not _NUMBER.fullmatch(text) or int(text) < 1:
        raise BadRequest(f"参数 {name} 应为正整数，收到“{text[:20]}”", code="invalid_query")
    return int(text)


def _links(request: HttpRequest, page: int, last: int, size: int) -> str:
    def url(number: int) -> str:
        query = {k: v for k, v in request.GET.items() if k not in ("page", "page_size")}
        query.update(page=str(number), page_size=str(size))
        return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")

    rels = {"first": 1, "last": last}
    if page > 1:
        rels["prev"] = min(page - 1, last)
    if page < last:
        rels["next"] = page + 1
    return ", ".join(f'<{url(n)}>; rel="{rel}"' for rel, n in rels.items())
