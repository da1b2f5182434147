"""Cross-cutting request handling."""

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger("liangsaibi.busy")


class DatabaseBusyMiddleware:
    """A write that still finds the embedded database locked after waiting its turn gets a clear
    "try again" page (503, Retry-After) instead of a server error; nothing was saved, and the
    phone form and keying grid keep what was typed in the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError) or "locked" not in str(exception).lower():
            return None
        logger.warning("database busy: %s %s (%s)", request.method, request.path, exception)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "/"
        response = HttpResponse(render_to_string("busy.html", {"back": back}, request=request), status=503)
        response["Retry-After"] = "5"
        return response
