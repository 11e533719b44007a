from django.utils.translation import get_language


def is_arabic() -> bool:
    return (get_language() or "ar").startswith("ar")


def localized(obj, field: str = "name") -> str:
    """`obj.<field>_en` in English when it is filled, `obj.<field>_ar` otherwise (Arabic comes first)."""
    if obj is None:
        return ""
    getter = obj.get if isinstance(obj, dict) else lambda name, default="": getattr(obj, name, default)
    if not is_arabic():
        english = getter(f"{field}_en", "")
        if english:
            return english
    return getter(f"{field}_ar", "") or getter(f"{field}_en", "")
