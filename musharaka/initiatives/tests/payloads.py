"""What the initiative page form posts: one place for its fields and its two formsets' management
data, for every test that drives the create or edit page (app tests and the reliability suite)."""

# One blank partner row and one blank place row, as the page renders them; a blank row is ignored.
FORMSET_FIELDS = {
    "partners-TOTAL_FORMS": "1", "partners-INITIAL_FORMS": "0",
    "partners-MIN_NUM_FORMS": "0", "partners-MAX_NUM_FORMS": "50",
    "partners-0-organization": "", "partners-0-role": "",
    "places-TOTAL_FORMS": "1", "places-INITIAL_FORMS": "0",
    "places-MIN_NUM_FORMS": "0", "places-MAX_NUM_FORMS": "50",
    "places-0-region": "", "places-0-city": "", "places-0-neighbourhood": "",
}


def initiative_form_data(initiative=None, *, region=None, **overrides) -> dict:
    """The form as an editor would send it: an existing initiative's values (with the version read),
    or a new initiative in `region` (a Region or its id); `overrides` win."""
    if initiative is not None:
        data = {
            "title_ar": initiative.title_ar, "title_en": initiative.title_en, "summary_ar": initiative.summary_ar,
            "region": initiative.region_id, "currency": initiative.currency, "version": initiative.version,
        }
    else:
        data = {
            "title_ar": "مبادرة الحي النظيف", "title_en": "Clean Neighbourhood",
            "summary_ar": "حملات تنظيف دورية بمشاركة سكان الحي",
            "region": getattr(region, "pk", region), "currency": "SAR",
        }
    return {**data, **FORMSET_FIELDS, **overrides}
