"""The demo's agreements: two co-financing agreements with a history, two cooperation
agreements (one in force, one pending), and loading again changes nothing."""

from django.core.management import call_command

from ressourcenet.agreements.models import (
    CofinancingAgreement,
    CofinancingVersion,
    CooperationAgreement,
)
from ressourcenet.plans.demo import DEMO_PLAN_SLUG
from ressourcenet.plans.models import Plan


def test_the_demo_has_agreements_with_a_history(db):
    call_command("loaddemo", verbosity=0)
    plan = Plan.objects.get(slug=DEMO_PLAN_SLUG)
    agreements = CofinancingAgreement.objects.filter(plan=plan)
    assert agreements.count() == 2
    assert all(a.versions.count() >= 2 for a in agreements)
    assert CofinancingVersion.objects.exclude(source="").exists()
    # As of today, whenever the demo is loaded: not expired.
    cooperation = CooperationAgreement.objects.filter(plan=plan)
    assert sorted(a.current_state for a in cooperation) == ["in_force", "pending"]
    # The demo sends no e-mail: no party is invited to accept.
    from ressourcenet.mail.models import OutgoingMessage

    assert not OutgoingMessage.objects.filter(kind=OutgoingMessage.Kind.AGREEMENT_INVITATION)

    from ressourcenet.agreements.models import AllocationLine

    # Every year of the plan, every effort in each of the four areas.
    years = plan.ends_on.year - plan.starts_on.year + 1
    lines = AllocationLine.objects.filter(plan=plan)
    assert lines.count() == years * plan.efforts.count() * 4

    call_command("loaddemo", verbosity=0)
    assert AllocationLine.objects.filter(plan=plan).count() == lines.count()
    assert CofinancingVersion.objects.count() == 5
    assert CooperationAgreement.objects.count() == 2
