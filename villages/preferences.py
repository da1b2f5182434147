"""大字模式 (large text): stored per user (UserPreference) and mirrored in the session, so pages read
it without a query; an anonymous visitor's choice lives in a cookie."""

from .models import UserPreference

SESSION_KEY = "lsb_large_text"
COOKIE = "lsb_large_text"
COOKIE_AGE = 365 * 24 * 3600


def large_text(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if SESSION_KEY not in request.session:  # a session from before the switch existed
            stored = UserPreference.objects.filter(user=user).values_list("large_text", flat=True).first()
            request.session[SESSION_KEY] = bool(stored)
        return request.session[SESSION_KEY]
    return request.COOKIES.get(COOKIE) == "1"


def set_large_text(request, response, on):
    user = request.user
    if user.is_authenticated:
        UserPreference.objects.update_or_create(user=user, defaults={"large_text": on})
        request.session[SESSION_KEY] = on
    if on:
        response.set_cookie(COOKIE, "1", max_age=COOKIE_AGE, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


def on_logged_in(sender, request, user, **kwargs):
    """Bring the user's stored choice into the new session; a first choice made on the login page
    (the cookie) becomes the user's own."""
    if request is None:
        return
    preference = UserPreference.objects.filter(user=user).first()
    if preference is None and request.COOKIES.get(COOKIE) == "1":
        preference = UserPreference.objects.create(user=user, large_text=True)
    request.session[SESSION_KEY] = bool(preference and preference.large_text)
