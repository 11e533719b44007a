from ninja import Schema

from .i18n import localized


class NamedOut(Schema):
    """A reference row with a stable code and its name in Arabic, English and the asked language."""

    id: int
    code: str
    name_ar: str
    name_en: str
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return localized(obj)
