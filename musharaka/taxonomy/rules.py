"""Who may change the taxonomy: the glossary is curated by platform admins."""

import rules

from musharaka.core.permissions import is_platform_admin

rules.add_perm("taxonomy.add_glossaryterm", is_platform_admin)
rules.add_perm("taxonomy.change_glossaryterm", is_platform_admin)
rules.add_perm("taxonomy.view_glossaryterm_history", is_platform_admin)
