"""Open311 API keys: platform staff issue them to an organisation, whose apps post service requests with them.

Only the SHA-256 of a key is stored; the key itself is shown once, when issued. A key is found by its hash (a unique
index) and the stored hash is then compared in constant time, so an answer's timing tells nothing about how close a
guess came. `last_used_at` is written at most once a minute, not on every request.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.permissions import is_platform_admin, require

from .models import KEY_PREFIX_LENGTH, ApiKey

KEY_START = "o311_"
TOUCH_EVERY = timedelta(minutes=1)
LABEL_MAX_LENGTH = 100

rules.add_perm("reports.manage_api_keys", is_platform_admin)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def api_key_issue(*, actor, organization, label: str) -> tuple[ApiKey, str]:
    """A new key for `organization`: the record and the key itself (shown once, never stored)."""
    require(actor, "reports.manage_api_keys")
    label = (label or "").strip()
    if not label:
        raise InvalidInput(_("Give the key a label (the app that will use it)."), field="label")
    if len(label) > LABEL_MAX_LENGTH:
        raise InvalidInput(_("The label is too long."), field="label")
    raw = KEY_START + secrets.token_urlsafe(32)
    key = ApiKey.objects.create(organization=organization, label=label, prefix=raw[:KEY_PREFIX_LENGTH],
                                key_hash=hash_key(raw), created_by=actor)
    return key, raw


def api_key_revoke(*, actor, key: ApiKey) -> ApiKey:
    """Revoke a key: requests posted with it are refused from now on (those already posted stay)."""
    require(actor, "reports.manage_api_keys")
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is not None:
            raise Conflict(_("This key is already revoked."), code="already_revoked")
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_check(raw: str | None) -> ApiKey | None:
    """The live key `raw` is, or None (unknown, revoked, malformed)."""
    if not raw or not isinstance(raw, str) or len(raw) > 200 or not raw.startswith(KEY_START):
        return None
    digest = hash_key(raw)
    key = ApiKey.objects.select_related("organization").filter(key_hash=digest).first()
    if key is None or not hmac.compare_digest(key.key_hash, digest) or key.revoked_at is not None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
