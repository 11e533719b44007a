from ninja import Schema


class MembershipOut(Schema):
    organization_id: int
    organization_name: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    preferred_language: str
    memberships: list[MembershipOut]
