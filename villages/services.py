"""Write-side operations for villages and pledges."""

from django.db import transaction

from .models import PledgeProgress


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
