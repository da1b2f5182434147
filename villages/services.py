"""Write-side operations for villages and pledges."""

from django.db import transaction

from .models import PledgeProgress, PoolGuest


@transaction.atomic
def pledge_save(*, form, village):
    pledge = form.save(commit=False)
    pledge.village = village
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_progress_record(*, pledge, quarter, status, note, user):
    """Record the pledge's standing for a quarter, replacing an earlier entry for it."""
    progress, _created = PledgeProgress.objects.update_or_create(
        pledge=pledge,
        quarter=quarter,
        defaults={"status": status, "note": note, "updated_by": user},
    )
    return progress


@transaction.atomic
def pool_guest_add(*, office, user, note, added_by):
    """Name `user` a guest of the office's judge pool (评委库)."""
    guest, _created = PoolGuest.objects.get_or_create(
        office=office, user=user, defaults={"note": note, "added_by": added_by}
    )
    return guest


@transaction.atomic
def pool_guest_remove(*, guest):
    """Take a guest out of the pool; rounds they already judge keep them."""
    guest.delete()
