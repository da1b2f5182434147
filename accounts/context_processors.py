from .identity import idle_seconds


def session_limits(request):
    """The idle logout's length, for the page's warning (static/js/idle.js)."""
    return {"idle_seconds": idle_seconds()}
