"""The real objects the authorisation matrix (accounts/matrix.py) is walked on.

The demo plan (plans/demo.py) with its families network ("familier-forebyggelse"), whose
objects every address is asked for; the visitors of `matrix.VISITORS`, among them a
coordinator of another network in the plan and one of another plan; and the arguments
that fill each address's placeholders.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ressourcenet.accounts.models import ApiToken, OutboxMessage, User
from ressourcenet.agreements import emails as agreement_emails
from ressourcenet.agreements.models import CofinancingAgreement, CooperationAgreement
from ressourcenet.blog.emails import erase_url
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post
from ressourcenet.conftest import make_person, make_user
from ressourcenet.evaluation.services import EVALUATION_LINK
from ressourcenet.governance.models import BoardMeeting, Recommendation
from ressourcenet.knowledge.emails import SUMMARY_LINK
from ressourcenet.knowledge.models import Amendment, Experience, Idea
from ressourcenet.lib.links import make_token
from ressourcenet.live import services as live
from ressourcenet.meetings.emails import INVITATION_LINK
from ressourcenet.meetings.models import AgendaItem, Meeting, MeetingRole
from ressourcenet.networks.models import Membership, Network
from ressourcenet.people.models import Person
from ressourcenet.plans.demo import load_demo
from ressourcenet.plans.models import Board, Plan
from ressourcenet.scheduling.emails import POLL_LINK

# The smallest PNG: one white pixel, for a blog post's cover.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4d10000000049454e44ae426082"
)
FAMILIES = "familier-forebyggelse"
OTHER_NETWORK = "uddannelse-beskaeftigelse"


@dataclass
class World:
    plan: Plan
    network: Network
    users: dict[str, User | None]  # visitor -> user (None: not logged in)
    args: dict[str, object]  # placeholder -> value, for the objects of the families network
    tokens: dict[str, str]  # personal links of the invitee, by purpose
    by_name: dict[str, dict] = field(default_factory=dict)  # per-address arguments
    bodies: dict[str, dict] = field(default_factory=dict)  # API bodies by operation
    queries: dict[str, dict] = field(default_factory=dict)  # query strings by address
    invitee: Person | None = None
    foreign_plan: Plan | None = None  # another plan, with a network of the same slug

    def values(self, key: str) -> dict:
        """The placeholders' values for an address (by name) or API operation (by path)."""
        values = {**self.args, **self.by_name.get(key, {})}
        if key.startswith(("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")):
            for part, chosen in self.by_name.items():
                if part.startswith("/") and part in key:
                    values.update(chosen)
        return values


def _first(queryset):
    found = queryset.first()
    assert found is not None, f"the demo has no {queryset.model.__name__} for the matrix"
    return found


def build_world() -> World:
    plan = load_demo()
    network = plan.networks.get(slug=FAMILIES)
    since = timezone.localdate() - timedelta(days=30)

    # A coordinator of another network in the same plan, and one of another plan.
    other = make_person("Otto Andetnetværk")
    Membership.objects.create(
        network=plan.networks.get(slug=OTHER_NETWORK),
        person=other,
        role=Membership.Role.COORDINATOR,
        starts_on=since,
    )
    foreign_plan = Plan.objects.create(
        name="Helhedsplan Andetby",
        slug="andetby",
        municipality="Andetby",
        starts_on=date(since.year - 1, 1, 1),
        ends_on=date(since.year + 3, 12, 31),
    )
    Board.objects.create(plan=foreign_plan, name="Andetby-bestyrelsen")
    foreign_network = Network.objects.create(
        plan=foreign_plan, name="Netværk i Andetby", slug=FAMILIES
    )
    foreign = make_person("Frida Fremmed")
    Membership.objects.create(
        network=foreign_network, person=foreign, role=Membership.Role.COORDINATOR, starts_on=since
    )
    users = {
        "anonymous": None,
        "invitee": None,
        "member": User.objects.get(email="medlem@example.dk"),
        "coordinator": User.objects.get(email="koordinator@example.dk"),
        "other_coordinator": make_user("otto@example.org", other),
        "foreign_coordinator": make_user("frida@example.org", foreign),
        "board": User.objects.get(email="bestyrelse@example.dk"),
        "editor": User.objects.get(email="redaktoer@example.dk"),
        "admin": User.objects.get(email="admin@example.dk"),
    }

    meetings = Meeting.objects.filter(network=network)
    held = _first(meetings.filter(summary__isnull=False, live__isnull=False))
    coming = _first(meetings.filter(starts_at__gt=timezone.now(), poll__isnull=True))
    polled = _first(meetings.filter(poll__isnull=False))
    # The invitee: a person without a login, invited to the three meetings, who came to the
    # held one.
    invitee = _first(
        Person.objects.filter(
            user__isnull=True, invitations__meeting=held, invitations__attended=True
        )
        .filter(invitations__meeting=coming)
        .filter(invitations__meeting=polled)
    )
    party = _first(
        CooperationAgreement.objects.filter(network=network)
        .order_by("-pk")
        .values_list("parties", flat=True)
    )
    # A meeting going on now, its live board open, with an idea posted by a code joiner.
    now = timezone.now()
    live_meeting = Meeting.objects.create(
        network=network,
        title="Værksted lige nu",
        why="Vi samler idéer på tavlen.",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=90),
    )
    live_session = live.start(live_meeting, users["coordinator"])
    joiner = live.join(live_session, name="Ida")
    live_idea = live.post_idea(live_session, joiner, live_session.tables.first(), "Suppe")
    comment = _first(Comment.objects.exclude(email=""))
    member_user = users["member"]
    came = held.invitations.get(person=invitee)
    tokens = {
        "invitation_answer": make_token(INVITATION_LINK, coming.invitations.get(person=invitee).pk),
        "summary_personal": make_token(SUMMARY_LINK, came.pk),
        "personal_leaflet_pdf": make_token(SUMMARY_LINK, came.pk),
        "evaluation_personal": make_token(EVALUATION_LINK, came.pk),
        "poll_answer": make_token(POLL_LINK, polled.invitations.get(person=invitee).pk),
        "cooperation_party": make_token(agreement_emails.PARTY_LINK, party),
        "blog:erase": erase_url(comment).rstrip("/").rsplit("/", 1)[-1],
    }
    post = _first(Post.objects.visible().order_by("pk"))
    post.cover_image.save("matrix.png", ContentFile(PNG), save=False)
    post.cover_alt = "Et hvidt billede"
    post.save(update_fields=["cover_image", "cover_alt"])
    member_token, _secret = ApiToken.objects.create_for(member_user)
    args = {
        "plan_slug": plan.slug,
        "network_slug": network.slug,
        "membership_id": _first(network.memberships.filter(person__user__isnull=True)).pk,
        "meeting_id": coming.pk,
        "item_id": _first(AgendaItem.objects.filter(meeting=coming)).pk,
        "direction": "down",
        "role_id": _first(MeetingRole.objects.filter(meeting=coming)).pk,
        "slot_id": _first(polled.poll.slots.all()).pk,
        "person_id": invitee.pk,
        "amendment_id": Amendment.objects.create(
            summary=held.summary,
            invitation=came,
            text="Vi aftalte også at mødes igen.",
        ).pk,
        "idea_id": _first(Idea.objects.filter(network=network, public=False)).pk,
        "experience_id": _first(Experience.objects.filter(network=network, public=False)).pk,
        "organisation_id": _first(
            network.memberships.filter(person__organisation__isnull=False)
        ).person.organisation_id,
        "recommendation_id": _first(
            Recommendation.objects.filter(network=network, state="draft")
        ).pk,
        "to": "adopted",
        "board_meeting_id": _first(BoardMeeting.objects.filter(plan=plan)).pk,
        "secret": network.calendar_secret,
        "code": live_session.code,
        "message_id": OutboxMessage.objects.create(
            to=invitee.email, subject="Invitation", body="Kom til mødet."
        ).pk,
        "token_id": member_token.pk,
        "uidb64": urlsafe_base64_encode(force_bytes(member_user.pk)),
        "tag_slug": _first(BlogTag.objects.all()).slug,
        "comment_id": comment.pk,
        "blogger_id": _first(BloggerProfile.objects.all()).pk,
        "slug": post.slug,
        "network_id": network.pk,
        "poll_id": polled.poll.pk,
    }
    cofinancing = _first(CofinancingAgreement.objects.filter(plan=plan))
    cooperation = _first(CooperationAgreement.objects.filter(network=network))
    by_name = {
        "password_reset_confirm": {"token": default_token_generator.make_token(member_user)},
        "cofinancing_detail": {"agreement_id": cofinancing.pk},
        "cofinancing_change": {"agreement_id": cofinancing.pk},
        "live_plus_one": {"idea_id": live_idea.pk},
        "live_hide": {"idea_id": live_idea.pk},
        "live_mark": {"idea_id": live_idea.pk},
        "poll_detail": {"meeting_id": polled.pk},
        "poll_create": {"meeting_id": coming.pk},
        "poll_finalise": {"meeting_id": polled.pk},
        "poll_remind": {"meeting_id": polled.pk},
        "poll_answer_for": {"meeting_id": polled.pk},
    }
    for name in ("live_projector", "live_start", "live_end", "live_summary_start"):
        by_name[name] = {"meeting_id": live_meeting.pk}
    for name in (
        "summary",
        "summary_edit",
        "summary_open",
        "summary_finalise",
        "summary_send",
        "leaflet_ideas",
        "leaflet_pdf",
        "summary_public",
        "evaluation_own",
        "evaluation_send",
        "live_review",
        "attendance",
    ):
        by_name[name] = {"meeting_id": held.pk}
    for name in (
        "cooperation_detail",
        "cooperation_act",
        "cooperation_remind",
        "cooperation_paper",
    ):
        by_name[name] = {"agreement_id": cooperation.pk}
    for key, value in (
        ("/cofinancing-agreements/", {"agreement_id": cofinancing.pk}),
        ("/cooperation-agreements/", {"agreement_id": cooperation.pk}),
        ("/live/{code}/ideas/{idea_id}", {"idea_id": live_idea.pk}),
        ("/summary", {"meeting_id": held.pk}),
        ("/leaflet.pdf", {"meeting_id": held.pk}),
        ("/evaluation", {"meeting_id": held.pk}),
        ("/live", {"meeting_id": live_meeting.pk}),
    ):
        by_name[key] = value
    # Bodies the schema alone does not make valid (api_requests in the test makes the rest).
    world_bodies = {
        "POST /meetings/{meeting_id}/invitations": {"people": [invitee.pk]},
        "POST /ideas": {"title": "Suppe hver fredag", "network": network.pk},
        "POST /experiences": {"activity": "Lektiecafé", "worked": "Frugt på bordet."},
        "POST /live/{code}/ideas": {
            "table": live_session.tables.first().pk,
            "text": "Suppe",
            "name": "Ida",
        },
        "POST /recommendations/{recommendation_id}/transition": {
            "to": "withdrawn",
            "reason": "Vi venter.",
        },
        "POST /board-meetings": {
            "plan": plan.slug,
            "date": str(timezone.localdate() + timedelta(days=60)),
        },
    }
    return World(
        plan=plan,
        network=network,
        users=users,
        args=args,
        tokens=tokens,
        by_name=by_name,
        bodies=world_bodies,
        # The QR image of a live board answers only with the code's key.
        queries={"live_qr": {"k": live.code_key(live_session.code)}},
        invitee=invitee,
        foreign_plan=foreign_plan,
    )
