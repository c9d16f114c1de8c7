"""Ideas that came out of a meeting count as its idea catalogue delivered: in the design
check's "capture" rule, the archive of past meetings and the after-meeting tasks."""

from datetime import timedelta

from django.utils import timezone

from ressourcenet.knowledge.tests.conftest import make_idea
from ressourcenet.meetings import design
from ressourcenet.meetings.models import Meeting
from ressourcenet.meetings.services import after_meeting_tasks, design_check
from ressourcenet.meetings.tests.conftest import make_meeting


def capture_rule(meeting: Meeting) -> design.RuleResult:
    check = design_check(Meeting.objects.get(pk=meeting.pk), poll=None)
    return next(rule for rule in check.rules if rule.code == "capture")


def long_ago(network) -> Meeting:
    """Held a month ago, beyond the default fourteen days to write the results down."""
    return make_meeting(
        network,
        title="Værksted om madklub",
        starts_at=timezone.now() - timedelta(days=30),
        capture=["ideas"],
    )


def test_the_capture_rule_passes_once_an_idea_names_the_meeting(network):
    meeting = long_ago(network)
    assert capture_rule(meeting).status == design.Status.WARN

    make_idea(network, "Madklub", meeting=meeting)

    assert capture_rule(meeting).status == design.Status.PASS
    assert Meeting.objects.get(pk=meeting.pk).delivered_capture == {"ideas"}


def test_an_idea_without_the_meeting_delivers_nothing_for_it(network):
    meeting = long_ago(network)

    make_idea(network, "Madklub")

    assert capture_rule(meeting).status == design.Status.WARN
    assert Meeting.objects.get(pk=meeting.pk).delivered_capture == frozenset()


def test_ideas_deliver_only_the_idea_catalogue(network):
    meeting = long_ago(network)
    meeting.capture = ["ideas", "summary"]
    meeting.save()

    make_idea(network, "Madklub", meeting=meeting)

    assert capture_rule(meeting).status == design.Status.WARN
    assert [done for _label, done in Meeting.objects.get(pk=meeting.pk).capture_state] == [
        True,
        False,
    ]


def test_a_list_reads_the_ideas_in_one_query(network, django_assert_num_queries):
    with_ideas, without = (
        long_ago(network),
        make_meeting(network, title="Uden idéer", starts_at=timezone.now() - timedelta(days=20)),
    )
    make_idea(network, "Madklub", meeting=with_ideas)

    with django_assert_num_queries(1):
        found = {m.pk: m.delivered_capture for m in Meeting.objects.with_capture()}

    assert found == {with_ideas.pk: {"ideas"}, without.pk: frozenset()}


def test_the_after_meeting_task_for_ideas_is_done_by_an_idea(network, held_meeting):
    (before,) = after_meeting_tasks(Meeting.objects.all())
    assert before.capture_missing == ("ideas",)

    make_idea(network, "Madklub", meeting=held_meeting)

    assert after_meeting_tasks(Meeting.objects.all()) == []


def test_the_archive_shows_the_idea_catalogue_as_recorded(login, member, network, held_meeting):
    make_idea(network, "Madklub", meeting=held_meeting)

    response = login(member).get(network.get_absolute_url())

    (past,) = response.context["past_meetings"]
    assert [done for _label, done in past.capture_state] == [True]
