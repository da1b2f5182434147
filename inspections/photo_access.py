"""Who may see an uploaded photo: the people allowed to see the record it belongs to.

- a site visit's photo: the office's staff and leaders (and the zone's), and the secretary of the
  village it shows;
- a pledge's progress photo: anyone while the pledge is public (公开承诺); otherwise as above;
- a rectification item's evidence (before and after): the office's people and the village's secretary.

Files are stored under random names (inspections.photos.stored_photo_name), so a name says nothing;
config.media hands the file over once this module says yes.
"""

from django.db.models import Q

from villages.models import Pledge, PledgePhoto

from .models import RectificationPhoto, SitePhoto

PUBLIC, ALLOWED, REFUSED, MISSING = "public", "allowed", "refused", "missing"


def _of(model, name, *fields):
    return model.objects.filter(Q(image=name) | Q(thumbnail=name)).values_list(*fields).first()


def photo_verdict(access, name):
    """PUBLIC, ALLOWED, REFUSED, or MISSING (no photo has this file). At most one query per kind
    of photo, stopping at the first that has the file."""
    site = _of(SitePhoto, name, "round__office_id", "village_id")
    if site:
        return _verdict(access, *site)
    pledge = _of(PledgePhoto, name, "progress__pledge__village__office_id", "progress__pledge__village_id",
                 "progress__pledge__status")  # fmt: skip
    if pledge:
        if pledge[2] == Pledge.Status.PUBLIC:
            return PUBLIC
        return _verdict(access, *pledge[:2])
    evidence = _of(RectificationPhoto, name, "item__village__office_id", "item__village_id")
    if evidence:
        return _verdict(access, *evidence)
    return MISSING


def _verdict(access, office_id, village_id):
    if access.can_view_office(office_id) or village_id in access.secretary_village_ids:
        return ALLOWED
    return REFUSED
