"""Personal information (个人信息保护): who sees a secretary's phone number in full.

The single rule: a secretary's phone number is shown in full to the staff of the village's
office (and administrators) and to the secretary themselves; to everyone else it is masked
(138****1234). Public pages never show it. Pages and exports ask `phone_for`; the template
tag `{% phone secretary office_id %}` (villages.templatetags.lsb) uses it too.
"""

MASK = "****"


def mask_phone(value):
    """138****1234: the first three and last four digits kept, the rest hidden.

    A short number (fewer than eight digits) keeps only its last two digits."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) >= 8:
        return f"{digits[:3]}{MASK}{digits[-4:]}"
    return f"{MASK}{digits[-2:]}" if len(digits) > 2 else MASK


def sees_phone_in_full(access, secretary, office_id):
    """Whether the viewer (an `Access`) may read `secretary`'s number unmasked."""
    if access.can_manage_office(office_id):
        return True
    return access.user_id is not None and secretary.user_id == access.user_id


def phone_for(access, secretary, office_id):
    """The number as this viewer may see it: full, masked, or "" when there is none."""
    if secretary is None or not secretary.phone:
        return ""
    if sees_phone_in_full(access, secretary, office_id):
        return secretary.phone
    return mask_phone(secretary.phone)
