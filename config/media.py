"""Uploaded files are private: the app decides who may see one, then hands the file over.

Behind nginx (MEDIA_ACCEL_REDIRECT set, e.g. `/protected-media/`), the app answers with an
X-Accel-Redirect header and nginx sends the file from an `internal` location, so a worker is not
held up streaming it. Without it (a local run, tests) the app streams the file itself from the
default storage.
"""

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse


def media_response(name):
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404(name)
    # Only for the person who was allowed to see it; photos never change under the same name.
    response["Cache-Control"] = "private, max-age=86400"
    return response
