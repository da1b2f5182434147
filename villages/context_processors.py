from django.conf import settings

from .access import Access
from .preferences import large_text


def access(request):
    """The user's roles for the navigation bar; evaluated lazily, two queries at most."""
    return {
        "access": Access.for_user(request.user) if hasattr(request, "user") else Access(),
        "ZONE_NAME": settings.ZONE_NAME,
        "large_text": large_text(request),
    }
