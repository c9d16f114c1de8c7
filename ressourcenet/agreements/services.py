"""The rules of agreements, for the pages, the API, the admin and the governance app.

Co-financing agreements: every change is a new, immutable version (who, when, why and,
when there is one, what approved it). `amend(agreement, *, amounts, by, reason,
source="")` is the one way to change one; the governance app calls it when the board
approves a `cofinancing_change` recommendation, passing the recommendation's address as
`source`.

Cooperation agreements: every obligation belongs to a signing party; at least two
parties; pending until every party has accepted, then in force; any party can end it.
Past its end date (unless ended) it is expired, computed from the date and never stored
(`CooperationAgreement.is_expired`): no one accepts, ends or is reminded of it then.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ressourcenet.agreements.models import (
    CofinancingAgreement,
    CofinancingAmount,
    CofinancingVersion,
    CooperationAgreement,
    Obligation,
    Party,
)
from ressourcenet.audit import log as audit_log
from ressourcenet.lib import bounds
from ressourcenet.lib.dates import format_date

# More than any partner pays in a year (a thousand billion kroner): a larger number is a
# typing mistake, and it stays within PostgreSQL's bigint.
MONEY_MAX = 10**12
HOURS_MAX = bounds.INT_MAX
# More parties or obligations than any agreement has: a longer list is a mistake.
MAX_PARTIES = 50
MAX_OBLIGATIONS = 200
TEXT_MAX = bounds.TEXT_MAX


class AgreementStateError(ValidationError):
    """The agreement's state does not allow this (ended, expired, accepted already): 409."""


def too_long(text: str) -> str | None:
    if len(text) > TEXT_MAX:
        return _("Write at most %(max)d characters.") % {"max": TEXT_MAX}
    return None


@dataclass(frozen=True)
class Amount:
    """A year's whole kroner and hours. In a recommendation's proposal (governance) a None
    keeps the agreement's value for the year; an agreement's own amounts are numbers."""

    year: int
    money: int | None = 0
    hours: int | None = 0


# --- co-financing --------------------------------------------------------------------


def _number_problem(value: int, largest: int) -> str | None:
    if value < 0:
        return _("Write a whole number of 0 or more.")
    if value > largest:
        return _("Write a number of at most %(max)s.") % {"max": f"{largest:,}".replace(",", ".")}
    return None


def amount_errors(amounts: list[Amount], starts_on: date, ends_on: date) -> dict[str, str]:
    """Problems with the amounts, keyed "amounts.2.money" as the API names them."""
    errors: dict[str, str] = {}
    seen: set[int] = set()
    for i, amount in enumerate(amounts):
        if not starts_on.year <= amount.year <= ends_on.year:
            errors[f"amounts.{i}.year"] = _(
                "The year must be within the agreement's period, %(first)d–%(last)d."
            ) % {"first": starts_on.year, "last": ends_on.year}
        elif amount.year in seen:
            errors[f"amounts.{i}.year"] = _("%(year)d is given twice.") % {"year": amount.year}
        seen.add(amount.year)
        for field, largest in (("money", MONEY_MAX), ("hours", HOURS_MAX)):
            value = getattr(amount, field)
            problem = None if value is None else _number_problem(value, largest)
            if problem:
                errors[f"amounts.{i}.{field}"] = problem
    return errors


def period_errors(starts_on: date, ends_on: date) -> dict[str, str]:
    errors = {}
    for field, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        problem = bounds.year_problem(value)
        if problem:
            errors[field] = problem
    if not errors and ends_on < starts_on:
        errors["ends_on"] = _("The agreement cannot end before it starts.")
    return errors


def _write_version(
    agreement: CofinancingAgreement, amounts: list[Amount], by, reason: str, source: str
) -> CofinancingVersion:
    last = agreement.versions.order_by("-number").values_list("number", flat=True).first()
    version = CofinancingVersion.objects.create(
        agreement=agreement,
        number=(last or 0) + 1,
        status=agreement.status,
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
        source=source or "",
    )
    CofinancingAmount.objects.bulk_create(
        CofinancingAmount(version=version, year=a.year, money=a.money, hours=a.hours)
        for a in sorted(amounts, key=lambda a: a.year)
    )
    return version


def plan_period_errors(agreement: CofinancingAgreement) -> dict[str, str]:
    """A co-financing agreement pays for a project of its plan: its period lies within the
    plan's, so the plan's years hold all its amounts (the forms show those years)."""
    plan = agreement.plan
    message = _("The agreement must lie within the plan's period, %(first)s–%(last)s.") % {
        "first": format_date(plan.starts_on, "date"),
        "last": format_date(plan.ends_on, "date"),
    }
    errors = {}
    if not plan.starts_on <= agreement.starts_on <= plan.ends_on:
        errors["starts_on"] = message
    if not plan.starts_on <= agreement.ends_on <= plan.ends_on:
        errors["ends_on"] = message
    return errors


def _check(agreement: CofinancingAgreement, amounts: list[Amount], reason: str) -> None:
    errors = period_errors(agreement.starts_on, agreement.ends_on)
    if not errors:
        errors.update(plan_period_errors(agreement))
    if not errors:
        errors.update(amount_errors(amounts, agreement.starts_on, agreement.ends_on))
    if not reason.strip():
        errors["reason"] = _("Write why.")
    elif too_long(reason):
        errors["reason"] = too_long(reason)
    if agreement.unit_id and agreement.unit.organisation_id != agreement.organisation_id:
        errors["unit"] = _("The unit must belong to the organisation.")
    if agreement.project_id and agreement.project.effort.plan_id != agreement.plan_id:
        errors["project"] = _("Choose one of the plan's projects.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_cofinancing(
    agreement: CofinancingAgreement, *, amounts: list[Amount], by, reason: str = ""
) -> CofinancingVersion:
    """Save a new agreement and its first version."""
    reason = reason.strip() or _("Agreement created.")
    _check(agreement, amounts, reason)
    agreement.save()
    return _write_version(agreement, amounts, by, reason, "")


def current_version(agreement: CofinancingAgreement) -> CofinancingVersion:
    return agreement.versions.order_by("-number").prefetch_related("amounts").first()


def latest_versions(agreement_ids: list[int]) -> dict[int, CofinancingVersion]:
    """Each agreement's newest version, its amounts prefetched: two queries for them all."""
    versions = (
        CofinancingVersion.objects.filter(agreement_id__in=agreement_ids)
        .order_by("agreement_id", "number")
        .prefetch_related("amounts")
    )
    return {version.agreement_id: version for version in versions}


def current_amounts(agreement: CofinancingAgreement) -> list[Amount]:
    version = current_version(agreement)
    return [Amount(a.year, a.money, a.hours) for a in version.amounts.all()] if version else []


def is_unchanged(
    agreement: CofinancingAgreement,
    *,
    amounts: list[Amount] | None = None,
    status: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    title: str | None = None,
) -> bool:
    """Whether amend() with these values would leave the agreement as it is (None keeps a
    value): then there is no new version to write."""
    for new, old in (
        (status, agreement.status),
        (starts_on, agreement.starts_on),
        (ends_on, agreement.ends_on),
        (title, agreement.title),
    ):
        if new is not None and new != old:
            return False
    if amounts is None:
        return True
    return sorted(amounts, key=lambda a: a.year) == current_amounts(agreement)


@transaction.atomic
def amend(
    agreement: CofinancingAgreement,
    *,
    amounts: list[Amount] | None = None,
    by,
    reason: str,
    source: str | None = None,
    status: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    title: str | None = None,
) -> CofinancingVersion:
    """Change an agreement: a new version with who, when, why and what approved it.

    `title` is a name, not a term: it changes on the agreement, the version records the rest.

    `amounts` replaces all years (None keeps the current ones); `source` is text or an
    address naming what approved the change (the governance app's recommendation).
    Nothing is saved if any value is refused.
    """
    agreement = CofinancingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if amounts is None:
        amounts = current_amounts(agreement)
    if status is not None:
        agreement.status = status
    if starts_on is not None:
        agreement.starts_on = starts_on
    if ends_on is not None:
        agreement.ends_on = ends_on
    if title is not None:
        agreement.title = title
    _check(agreement, amounts, reason or "")
    agreement.save(update_fields=["status", "starts_on", "ends_on", "title"])
    return _write_version(agreement, amounts, by, reason.strip(), source or "")


@dataclass(frozen=True)
class YearChange:
    year: int
    old_money: int | None
    new_money: int | None
    old_hours: int | None
    new_hours: int | None


@dataclass(frozen=True)
class VersionDiff:
    version: CofinancingVersion
    years: list[YearChange]
    status_changed: bool
    period_changed: bool
    previous: CofinancingVersion | None


def differences(versions: list[CofinancingVersion]) -> list[VersionDiff]:
    """For each version (amounts prefetched, oldest first): what changed from the one
    before, per year (old → new; None where the year was not there)."""
    result = []
    previous = None
    for version in versions:
        old = {a.year: a for a in previous.amounts.all()} if previous else {}
        new = {a.year: a for a in version.amounts.all()}
        years = []
        for year in sorted(set(old) | set(new)):
            before, after = old.get(year), new.get(year)
            pair = (
                (before.money, before.hours) if before else None,
                (after.money, after.hours) if after else None,
            )
            if pair[0] != pair[1]:
                years.append(
                    YearChange(
                        year,
                        before.money if before else None,
                        after.money if after else None,
                        before.hours if before else None,
                        after.hours if after else None,
                    )
                )
        result.append(
            VersionDiff(
                version=version,
                years=years,
                status_changed=previous is not None and previous.status != version.status,
                period_changed=previous is not None
                and (previous.starts_on, previous.ends_on) != (version.starts_on, version.ends_on),
                previous=previous,
            )
        )
        previous = version
    return result


# --- cooperation ---------------------------------------------------------------------


def cooperation_errors(
    agreement: CooperationAgreement, parties: list, obligations: list[tuple[int, str]]
) -> dict[str, str]:
    """What is wrong with a new agreement, keyed as the API names the fields.

    The parties must be members of the agreement's network today: a coordinator makes
    agreements for their own network, between its members, and binds no one else.
    """
    from ressourcenet.networks.models import Membership

    today = timezone.localdate()
    errors = period_errors(agreement.starts_on, agreement.ends_on)
    if "ends_on" not in errors and agreement.ends_on < today:
        # It would never be in force: expired the day it is made.
        errors["ends_on"] = _("The end date has passed. Choose today or a later date.")
    if agreement.renews_on is not None:
        problem = bounds.year_problem(agreement.renews_on)
        if problem:
            errors["renews_on"] = problem
        elif not (
            "starts_on" in errors
            or "ends_on" in errors
            or agreement.starts_on <= agreement.renews_on <= agreement.ends_on
        ):
            errors["renews_on"] = _(
                "The renewal date must be within the agreement's period, from its start to its end."
            )
        elif agreement.renews_on < today:
            errors["renews_on"] = _("The renewal date has passed. Choose today or a later date.")
    people_ids = [p.pk for p in parties]
    if len(set(people_ids)) < 2:
        errors["parties"] = _("An agreement needs at least two parties.")
    members = set(
        Membership.objects.filter(network_id=agreement.network_id, person_id__in=people_ids)
        .active()
        .values_list("person_id", flat=True)
    )
    for i, pk in enumerate(people_ids):
        if pk in people_ids[:i]:
            errors[f"parties.{i}"] = _("This person is a party already.")
        elif pk not in members:
            errors[f"parties.{i}"] = _(
                "Only members of the network can be parties: an agreement may not bind others."
            )
    for i, (person_id, text) in enumerate(obligations):
        if person_id not in people_ids:
            errors[f"obligations.{i}.party"] = _(
                "An obligation must belong to one of the parties: an agreement may not bind others."
            )
        if not text.strip():
            errors[f"obligations.{i}.text"] = _("Write the obligation.")
        elif too_long(text):
            errors[f"obligations.{i}.text"] = too_long(text)
    if not agreement.title.strip():
        errors["title"] = _("Write a title.")
    if too_long(agreement.purpose or ""):
        errors["purpose"] = too_long(agreement.purpose)
    return errors


@transaction.atomic
def create_cooperation(
    agreement: CooperationAgreement,
    *,
    parties: list,
    obligations: list[tuple[int, str]],
    by,
    notify: bool = True,
) -> CooperationAgreement:
    """Save a pending agreement with its parties (people) and their obligations.

    `obligations` are (person id, text): each person must be among the parties, and the
    parties among the network's members. With `notify` (not in the demo), every party
    with an e-mail address but the one who made it gets their personal link to read and
    accept it, sent once the agreement is saved.
    """
    errors = cooperation_errors(agreement, parties, obligations)
    if errors:
        raise ValidationError(errors)
    agreement.state = CooperationAgreement.State.PENDING
    agreement.created_by = by if getattr(by, "is_authenticated", False) else None
    agreement.save()
    party_of = {}
    for person in parties:
        party_of[person.pk] = Party.objects.create(
            agreement=agreement, person=person, organisation_id=person.organisation_id
        )
    Obligation.objects.bulk_create(
        Obligation(agreement=agreement, party=party_of[pk], text=text.strip())
        for pk, text in obligations
    )
    if notify:
        from ressourcenet.agreements.emails import queue_invitation_emails
        from ressourcenet.mail import services as mail

        # The one who made it has just read it: no copy for them.
        creator = getattr(agreement.created_by, "person", None)
        parties_to_tell = [
            p for p in party_of.values() if p.person_id != getattr(creator, "pk", None)
        ]
        mail.send_after_commit(queue_invitation_emails(agreement, parties_to_tell))
    return agreement


def refuse_expired(agreement: CooperationAgreement) -> None:
    """An agreement past its end date is over: no one accepts, ends or is reminded of it."""
    if agreement.is_expired:
        raise AgreementStateError(
            _("The agreement expired on %(date)s.")
            % {"date": format_date(agreement.ends_on, "date")}
        )


@transaction.atomic
def accept(agreement: CooperationAgreement, person) -> CooperationAgreement:
    """The person accepts for their party; in force when every party has accepted.

    A second accept changes nothing. Locks the agreement so that two parties accepting at
    once both count and the last one puts it in force.
    """
    agreement = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.state == CooperationAgreement.State.ENDED:
        raise AgreementStateError(_("The agreement has ended."))
    refuse_expired(agreement)
    now = timezone.now()
    waiting = list(agreement.parties.filter(person=person, accepted_at__isnull=True))
    Party.objects.filter(pk__in=[party.pk for party in waiting]).update(accepted_at=now)
    for party in waiting:  # the update sends no signal: logged here
        party.accepted_at = now
        audit_log.changed(party, {"accepted_at": None})
    return _in_force_when_all_accepted(agreement)


def _in_force_when_all_accepted(agreement: CooperationAgreement) -> CooperationAgreement:
    """Call with the agreement locked."""
    waiting = agreement.parties.filter(accepted_at__isnull=True).exists()
    if not waiting and agreement.state == CooperationAgreement.State.PENDING:
        agreement.state = CooperationAgreement.State.IN_FORCE
        agreement.save(update_fields=["state"])
    return agreement


def paper_date_errors(agreement: CooperationAgreement, signed_on: date | None) -> dict[str, str]:
    """The day a party signed on paper: not in the future, not before the agreement was made."""
    if signed_on is None:
        return {"signed_on": _("Write the date it was signed.")}
    problem = bounds.year_problem(signed_on)
    if problem:
        return {"signed_on": problem}
    if signed_on > timezone.localdate():
        return {"signed_on": _("The date cannot be in the future.")}
    made_on = timezone.localdate(agreement.created_at)
    if signed_on < made_on:
        return {
            "signed_on": _("The date cannot be before the agreement was made, %(date)s.")
            % {"date": format_date(made_on, "date")}
        }
    return {}


@transaction.atomic
def accept_on_paper(
    agreement: CooperationAgreement, person_id: int, *, signed_on: date | None, by
) -> CooperationAgreement:
    """A coordinator records that a party accepted on paper on `signed_on`: it counts as
    their acceptance, marked as on paper with who recorded it. Any party who has not
    accepted may be recorded so (most of them have no e-mail address and no login)."""
    agreement = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.state == CooperationAgreement.State.ENDED:
        raise AgreementStateError(_("The agreement has ended."))
    refuse_expired(agreement)
    party = agreement.parties.filter(person_id=person_id).select_related("person").first()
    if party is None:
        raise ValidationError({"person": _("Choose one of the parties.")})
    if party.accepted_at is not None:
        raise AgreementStateError(_("%(name)s has accepted already.") % {"name": party.person.name})
    errors = paper_date_errors(agreement, signed_on)
    if errors:
        raise ValidationError(errors)
    before = {"accepted_at": None, "signed_on": party.signed_on}
    before["recorded_by_id"] = party.recorded_by_id
    party.accepted_at = timezone.now()
    party.signed_on = signed_on
    party.recorded_by = by if getattr(by, "is_authenticated", False) else None
    Party.objects.filter(pk=party.pk, accepted_at__isnull=True).update(
        accepted_at=party.accepted_at, signed_on=signed_on, recorded_by=party.recorded_by
    )
    audit_log.changed(party, before)  # the update sends no signal: logged here
    return _in_force_when_all_accepted(agreement)


# A party gets their link again at most once in this time: two clicks at once, or a
# coordinator who clicks again to be sure, send nothing twice. A link that could not be
# sent may be sent again at once (the address may have been corrected).
RESEND_INTERVAL = timedelta(hours=1)


@dataclass(frozen=True)
class Reminded:
    sent: int = 0
    failed: int = 0
    # Parties whose link is on its way or went less than RESEND_INTERVAL ago.
    skipped: int = 0


def link_went_recently(party: Party, now) -> bool:
    from ressourcenet.mail import services as mail

    last = party.last_message
    if last is None:
        return False
    if last.status in mail.IN_FLIGHT:
        return True
    return last.status == last.Status.SENT and last.sent_at > now - RESEND_INTERVAL


def remind_parties(agreement: CooperationAgreement) -> Reminded:
    """Send the personal link again, now, to every party who has not accepted and has an
    e-mail address, one e-mail each through the send path (recorded as sent only once it
    went). Call outside a transaction, so that each is recorded the moment it went."""
    from ressourcenet.agreements.emails import queue_invitation_email
    from ressourcenet.mail import services as mail
    from ressourcenet.mail.models import OutgoingMessage

    with transaction.atomic():
        # Lock the agreement: of two clicks at once, the second finds the links on their way.
        locked = (
            CooperationAgreement.objects.select_for_update()
            .select_related("network")
            .get(pk=agreement.pk)
        )
        if locked.state != CooperationAgreement.State.PENDING:
            raise AgreementStateError(_("Only an agreement awaiting acceptance can be reminded."))
        refuse_expired(locked)
        now = timezone.now()
        waiting = (
            locked.parties.filter(accepted_at__isnull=True)
            .exclude(person__email="")
            .select_related("person", "last_message")
        )
        queued, skipped = [], 0
        for party in waiting:
            if link_went_recently(party, now):
                skipped += 1
                continue
            if party.last_message_id is not None:
                # A failed link is retried no more: the new one replaces it.
                mail.drop(OutgoingMessage.objects.filter(pk=party.last_message_id))
            queued.append(queue_invitation_email(locked, party, reminder=True))
    outcome = mail.send_now(queued)
    return Reminded(sent=outcome.sent, failed=outcome.failed, skipped=skipped)


@transaction.atomic
def end(agreement: CooperationAgreement, person) -> CooperationAgreement:
    agreement = CooperationAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.state == CooperationAgreement.State.ENDED:
        raise AgreementStateError(_("The agreement has ended already."))
    refuse_expired(agreement)
    agreement.state = CooperationAgreement.State.ENDED
    agreement.ended_at = timezone.now()
    agreement.ended_by = person
    agreement.save(update_fields=["state", "ended_at", "ended_by"])
    return agreement


def is_party(agreement: CooperationAgreement, person_id: int | None) -> bool:
    return person_id is not None and any(p.person_id == person_id for p in agreement.parties.all())


# How long before the renewal date the parties are reminded.
RENEWAL_REMINDER_DAYS = 30


def remind_renewals(today: date | None = None) -> int:
    """Queue a reminder to every party of each agreement in force whose renewal date is
    within RENEWAL_REMINDER_DAYS; once per renewal date. Returns how many agreements were
    reminded. Run daily (`ressourcenet remindagreements`).

    A pending agreement gets none: it never started, so there is nothing to renew, and
    its parties who have not accepted have their link (a coordinator sends it again from
    the agreement's page). An ended or expired one gets none either.
    """
    from datetime import timedelta

    from ressourcenet.agreements.emails import queue_renewal_emails
    from ressourcenet.mail import services as mail

    today = today or timezone.localdate()
    due = (
        CooperationAgreement.objects.filter(
            state=CooperationAgreement.State.IN_FORCE,
            ends_on__gte=today,
            renews_on__gte=today,
            renews_on__lte=today + timedelta(days=RENEWAL_REMINDER_DAYS),
        )
        .select_related("network")
        .prefetch_related("parties__person")
    )
    count = 0
    for agreement in due:
        if agreement.reminded_for == agreement.renews_on:
            continue
        with transaction.atomic():
            claimed = (
                CooperationAgreement.objects.filter(pk=agreement.pk)
                .exclude(reminded_for=agreement.renews_on)
                .update(reminded_for=agreement.renews_on)
            )
            if claimed:
                mail.send_after_commit(queue_renewal_emails(agreement))
                count += 1
    return count


# --- resource allocation -------------------------------------------------------------


@dataclass(frozen=True)
class AllocationInput:
    effort: int
    housing_area: int
    money: int = 0
    hours: int = 0


@transaction.atomic
def replace_allocation(plan, year: int, lines: list[AllocationInput]) -> list:
    """The plan's allocation for one year becomes these lines (one per effort and area);
    a line left out is deleted.

    Efforts and areas must be the plan's, the year within the plan's period; a refused
    line keeps every line as it was.
    """
    from ressourcenet.agreements.models import AllocationLine

    errors: dict[str, str] = {}
    if not plan.starts_on.year <= year <= plan.ends_on.year:
        errors["year"] = _("The year must be within the plan's period, %(first)d–%(last)d.") % {
            "first": plan.starts_on.year,
            "last": plan.ends_on.year,
        }
    efforts = set(plan.efforts.values_list("pk", flat=True))
    areas = set(plan.areas.values_list("pk", flat=True))
    seen: set[tuple[int, int]] = set()
    for i, line in enumerate(lines):
        if line.effort not in efforts:
            errors[f"lines.{i}.effort"] = _("Choose one of the plan's efforts.")
        if line.housing_area not in areas:
            errors[f"lines.{i}.housing_area"] = _("Choose one of the plan's housing areas.")
        elif (line.effort, line.housing_area) in seen:
            errors[f"lines.{i}.housing_area"] = _("This effort and housing area are given twice.")
        seen.add((line.effort, line.housing_area))
        for field, largest in (("money", MONEY_MAX), ("hours", HOURS_MAX)):
            problem = _number_problem(getattr(line, field), largest)
            if problem:
                errors[f"lines.{i}.{field}"] = problem
    if errors:
        raise ValidationError(errors)
    # A line that stays is changed in place, so the recommendations that name it keep it.
    existing = {
        (line.effort_id, line.housing_area_id): line
        for line in AllocationLine.objects.select_for_update().filter(plan=plan, year=year)
    }
    wanted = {(line.effort, line.housing_area) for line in lines}
    gone = [line.pk for key, line in existing.items() if key not in wanted]
    AllocationLine.objects.filter(pk__in=gone).delete()
    kept, new = [], []
    result = []
    before: dict[int, dict[str, int]] = {}
    for line in lines:
        found = existing.get((line.effort, line.housing_area))
        if found is None:
            found = AllocationLine(
                plan=plan,
                effort_id=line.effort,
                housing_area_id=line.housing_area,
                year=year,
            )
            new.append(found)
        else:
            before[found.pk] = {"money": found.money, "hours": found.hours}
            kept.append(found)
        found.money, found.hours = line.money, line.hours
        result.append(found)
    AllocationLine.objects.bulk_update(kept, ["money", "hours"])
    AllocationLine.objects.bulk_create(new)
    # Bulk writes send no signals: logged here (the lines deleted above were, by signal).
    for found in kept:
        audit_log.changed(found, before[found.pk])
    for found in new:
        audit_log.created(found)
    return result
