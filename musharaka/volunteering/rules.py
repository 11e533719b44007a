"""Who may do what in the volunteering module."""

# ---- volapi16: the values of an hour are kept by the platform's staff

import rules

from musharaka.core.permissions import is_platform_admin

rules.add_perm("volunteering.manage_hour_values", is_platform_admin)
