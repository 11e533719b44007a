from ninja import Field, Schema

from musharaka.core.i18n import localized
from musharaka.core.schemas import NamedOut


class AxisOut(NamedOut):
    description_ar: str
    description_en: str
    description: str

    @staticmethod
    def resolve_description(obj) -> str:
        return localized(obj, "description")


class SDGOut(NamedOut):
    code: str = Field(description="the goal number, as in IATI's UNSDG-Goals code list")
    number: int

    @staticmethod
    def resolve_code(obj) -> str:
        return str(obj.number)


class TargetGroupOut(NamedOut):
    pass


class GlossaryTermOut(Schema):
    id: int
    code: str
    term_ar: str
    term_en: str
    definition_ar: str
    definition_en: str
    name: str = Field(description="the term in the language of the request")
    definition: str = Field(description="the definition in the language of the request")

    @staticmethod
    def resolve_name(obj) -> str:
        return localized(obj, "term")

    @staticmethod
    def resolve_definition(obj) -> str:
        return localized(obj, "definition")


class GlossaryFilters(Schema):
    q: str | None = Field(None, max_length=100, description="words of the term or its definition, Arabic-normalised")
