from datetime import date

from ninja import Field, Schema
from pydantic import ConfigDict

from ressourcenet.api.types import Date, Id, one_line
from ressourcenet.networks.models import Membership
from ressourcenet.people.models import Person, StakeholderGroup


class PersonOut(Schema):
    id: int
    name: str
    email: str | None = Field(None, description="Left out when the caller may not see it.")
    phone: str | None = Field(None, description="Left out when the caller may not see it.")
    organisation: int | None
    unit: int | None
    title: str
    stakeholder_group: StakeholderGroup
    housing_area: int | None


class PersonIn(Schema):
    # "   " is no name: strip before min_length is checked (the model strips only later).
    model_config = ConfigDict(str_strip_whitespace=True)

    name: one_line(Person, "name", min_length=1)
    email: one_line(Person, "email") = ""
    phone: one_line(Person, "phone") = ""
    organisation: Id | None = None
    unit: Id | None = None
    title: one_line(Person, "title") = ""
    stakeholder_group: StakeholderGroup
    housing_area: Id | None = None


class MemberOut(Schema):
    id: int
    person: PersonOut
    role: Membership.Role
    starts_on: date
    ends_on: date | None


class MemberIn(Schema):
    person: Id
    role: Membership.Role = Membership.Role.MEMBER
    starts_on: Date | None = None


class CoverageOut(Schema):
    groups_present: list[StakeholderGroup]
    groups_missing: list[StakeholderGroup]
    areas_present: list[int]
    areas_missing: list[int]
    units_present: list[int]
    units_missing: list[int]


class NetworkOut(Schema):
    id: int
    plan: str = Field(..., description="The plan's short name (slug).")
    name: str
    slug: str
    effort: str | None
    description: str
    responsibility: str
    tasks: list[str]
    member_count: int
    coverage: CoverageOut


class NetworkDetailOut(NetworkOut):
    members: list[MemberOut] | None = Field(
        None, description="Left out when the caller may not see the members."
    )


class UnitOut(Schema):
    id: int
    name: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    units: list[UnitOut]


class HealthOut(Schema):
    status: str
    database: str
    cache: str


class HealthDownOut(Schema):
    status: str
    database: str
    cache: str
    failed: list[str]
