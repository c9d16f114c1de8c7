"""What stays after a meeting. So far the idea catalogue: ideas, their tags and the dated
history of their status."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ressourcenet.lib import bounds


class Tag(models.Model):
    """A word that groups ideas across the plan's networks ("mad", "unge").

    One tag per name and plan, whatever the case: `key` is the name folded (casefold, one
    space between words), so "Unge" and "unge" are one tag on SQLite and PostgreSQL alike.
    """

    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=50)
    # casefold() can make a letter three ("ΐ"): room for the longest folding of a name.
    key = models.CharField(max_length=150, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_tag_per_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.name = " ".join(self.name.split())
        self.key = self.key_for(self.name)

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()


class IdeaQuerySet(models.QuerySet):
    def in_plan(self, plan) -> "IdeaQuerySet":
        return self.filter(network__plan=plan)

    def with_relations(self) -> "IdeaQuerySet":
        """What a list of ideas shows: network, meeting, owner, areas and tags (no N+1)."""
        return self.select_related("network__plan", "meeting", "owner").prefetch_related(
            "housing_areas", "tags"
        )

    def search(
        self, network: int | None = None, area: int | None = None, status: str = "", tag: str = ""
    ) -> "IdeaQuerySet":
        """The catalogue's filters, for the page and the API alike; empty values do not
        filter, an unknown status or tag finds nothing."""
        ideas = self
        if network is not None:
            ideas = ideas.filter(network_id=network)
        if area is not None:
            ideas = ideas.filter(housing_areas__id=area)
        if status:
            ideas = ideas.filter(status=status)
        if tag.strip():
            ideas = ideas.filter(tags__key=Tag.key_for(tag))
        return ideas.distinct() if area is not None or tag.strip() else ideas


class Idea(models.Model):
    """An idea in the catalogue: from a meeting or not, with its owner and its status."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        BEING_TRIED = "being_tried", _("Being tried")
        IMPLEMENTED = "implemented", _("Implemented")
        PARKED = "parked", _("Parked")

    network = models.ForeignKey(
        "networks.Network", models.CASCADE, related_name="ideas", verbose_name=_("network")
    )
    # The meeting it came out of: the meeting's "capture" rule counts it as delivered.
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("from the meeting"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    housing_areas = models.ManyToManyField(
        "plans.HousingArea", blank=True, related_name="ideas", verbose_name=_("housing areas")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="ideas", verbose_name=_("tags"))
    owner = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas_owned",
        verbose_name=_("owner"),
        help_text=_("Who takes the idea further. They are told when its status changes."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("A public idea may be shown to visitors who are not logged in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Where on a meeting's live board it came from (live/review.py): the table's name and
    # how many gave it "+1". Plain values, so they stay when the live session is deleted
    # 30 days after the meeting; never a participant's name. Blank/None: not from a board.
    origin_table = models.CharField(
        _("table at the meeting"), max_length=200, blank=True, editable=False
    )
    plus_ones = models.PositiveIntegerField(
        _("+1 at the meeting"), null=True, blank=True, editable=False
    )
    # A default, not auto_now_add: the demo dates its ideas back to the plan's years.
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("idea", args=[self.network.plan.slug, self.pk])

    def clean(self) -> None:
        errors = {}
        self.title = self.title.strip()
        if not self.title:
            errors["title"] = _("Write the idea's title.")
        elif problem := bounds.one_line_problem(self.title, str(_("title"))):
            errors["title"] = problem
        if problem := bounds.text_problem(self.description, str(_("description"))):
            errors["description"] = problem
        if errors:
            raise ValidationError(errors)


class IdeaStatusChange(models.Model):
    """One line of an idea's status history; the first is written when the idea is made."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("from"), max_length=20, choices=Idea.Status.choices, blank=True
    )  # empty for the first line
    to_status = models.CharField(_("to"), max_length=20, choices=Idea.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["idea", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_to_status_display()}"


# --- summaries ---------------------------------------------------------------------------


class Summary(models.Model):
    """The written summary of one meeting, in Markdown: a draft, then open for comments
    from those who attended, then final. The final text is frozen: a later correction is a
    `SummaryRevision`, visible with its reason. Every change goes through
    knowledge/summaries.py."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for comments")
        FINAL = "final", _("Final")

    meeting = models.OneToOneField(
        "meetings.Meeting", models.CASCADE, related_name="summary", verbose_name=_("meeting")
    )
    body = models.TextField(_("summary"), blank=True, max_length=50_000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    opened_at = models.DateTimeField(_("opened for comments"), null=True, blank=True)
    comments_close_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalised by"),
    )
    # The ideas on the printable leaflet, chosen by the note-taker. Until they choose
    # (`leaflet_chosen_at` empty), the leaflet shows the ideas that came out of the meeting.
    leaflet_ideas = models.ManyToManyField(
        Idea, blank=True, related_name="leaflets", verbose_name=_("ideas on the leaflet")
    )
    leaflet_chosen_at = models.DateTimeField(_("leaflet ideas chosen"), null=True, blank=True)
    # Shown to visitors who are not logged in once final (accounts/permissions.py decides).
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "A public summary is shown to visitors who are not logged in once it is final, "
            "without names, proposals or comments."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("summary", args=[self.meeting.network.plan.slug, self.meeting_id])

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def takes_comments(self, now=None) -> bool:
        """Open for comments, and the comment period has not closed."""
        now = now or timezone.now()
        return self.is_open and (self.comments_close_at is None or now < self.comments_close_at)

    def current_body(self) -> str:
        """The text as it stands: the latest revision's, or the final text itself."""
        if "revisions" in getattr(self, "_prefetched_objects_cache", {}):  # a list of them
            revisions = self.revisions.all()
            latest = max(revisions, key=lambda r: (r.created_at, r.id), default=None)
        else:
            latest = self.revisions.order_by("-created_at", "-id").first()
        return latest.body if latest else self.body


class SummaryRevision(models.Model):
    """A correction to a final summary: the whole new text, with the reason for it."""

    summary = models.ForeignKey(Summary, models.CASCADE, related_name="revisions")
    body = models.TextField(_("corrected summary"), max_length=50_000)
    reason = models.TextField(_("reason for the correction"), max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("summary revision")
        verbose_name_plural = _("summary revisions")
        ordering = ["summary", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.summary}: {self.created_at:%Y-%m-%d}"


class Amendment(models.Model):
    """A change (proposed text) or a comment on an open summary, from an invitee who came,
    and the note-taker's decision on it."""

    class Kind(models.TextChoices):
        AMENDMENT = "amendment", _("Proposed change")
        COMMENT = "comment", _("Comment")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    summary = models.ForeignKey(Summary, models.CASCADE, related_name="amendments")
    # Whose: the invitation of an invitee who came (their personal link names it).
    invitation = models.ForeignKey(
        "meetings.Invitation", models.CASCADE, related_name="amendments", verbose_name=_("by")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AMENDMENT)
    text = models.TextField(_("text"), max_length=10_000)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["summary", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.summary}: {self.get_kind_display()}"


# --- experiences --------------------------------------------------------------------------


class ExperienceQuerySet(models.QuerySet):
    def with_relations(self) -> "ExperienceQuerySet":
        """What a list of experiences shows: plan, area, effort, network, meeting, author
        (no N+1)."""
        return self.select_related(
            "plan", "housing_area", "plan_effort", "network", "meeting", "author"
        )

    def search(
        self,
        area: int | None = None,
        network: int | None = None,
        effort: int | None = None,
        activity: str = "",
    ) -> "ExperienceQuerySet":
        """The list's filters, for the page and the API alike; empty values do not filter.
        `effort` is one of the plan's efforts; `activity` matches whatever the case."""
        found = self
        if area is not None:
            found = found.filter(housing_area_id=area)
        if network is not None:
            found = found.filter(network_id=network)
        if effort is not None:
            found = found.filter(plan_effort_id=effort)
        if activity.strip():
            found = found.filter(activity_key=Experience.key_for(activity))
        return found


class Experience(models.Model):
    """What worked, or did not, with one activity ("Lektiecafé") in one housing area (or
    the whole plan), usually under one of the plan's efforts: a short note shared across
    the plan's local steering groups. Written by the plan's people; every change goes
    through knowledge/experiences.py."""

    plan = models.ForeignKey(
        "plans.Plan", models.CASCADE, related_name="experiences", verbose_name=_("plan")
    )
    # Empty: the experience holds for the whole plan, not one area.
    housing_area = models.ForeignKey(
        "plans.HousingArea",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="experiences",
        verbose_name=_("housing area"),
    )
    # One of the plan's efforts (indsatser, plans.Effort); the activity says what was done.
    plan_effort = models.ForeignKey(
        "plans.Effort",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
        verbose_name=_("effort"),
        help_text=_("The plan's effort the experience belongs to."),
    )
    activity = models.CharField(
        _("activity"),
        max_length=100,
        help_text=_("What you did, in a few words, such as “Lektiecafé”."),
    )
    # The activity folded ("lektiecafé" for "Lektiecafé"): SQLite folds only ASCII letters.
    activity_key = models.CharField(max_length=300, editable=False, db_index=True)
    worked = models.TextField(_("what worked"), blank=True, max_length=5000)
    did_not_work = models.TextField(_("what did not work"), blank=True, max_length=5000)
    network = models.ForeignKey(
        "networks.Network",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
        verbose_name=_("network"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiences",
        verbose_name=_("from the meeting"),
    )
    author = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="experiences",
        verbose_name=_("written by"),
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "A public experience is shown to visitors who are not logged in, without names."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.activity} ({self.area_name})"

    def save(self, *args, **kwargs) -> None:
        self.activity_key = self.key_for(self.activity)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("experience", args=[self.plan.slug, self.pk])

    @staticmethod
    def key_for(activity: str) -> str:
        return " ".join(activity.split()).casefold()

    @property
    def area_name(self) -> str:
        return self.housing_area.name if self.housing_area else str(_("The whole plan"))


# --- search -------------------------------------------------------------------------------


class MatchField(models.TextField):
    """An FTS5 table's hidden column: `field__matches=…` is `column MATCH …`."""


@MatchField.register_lookup
class Matches(models.Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchEntry(models.Model):
    """One findable thing (an idea, a meeting, later a summary, an experience, a post) as
    the search box sees it: what it is, where it belongs, who may see it, and its text.

    Written only by knowledge/search.py, which the services that change the things call
    (no signals); `ressourcenet reindex` writes every entry again. The words are found
    with PostgreSQL's `danish` text search (`vector`, GIN-indexed by the migration) or,
    on SQLite, through the FTS5 table of `SearchText`.
    """

    class Kind(models.TextChoices):
        IDEA = "idea", _("Idea")
        MEETING = "meeting", _("Meeting")
        SUMMARY = "summary", _("Summary")
        EXPERIENCE = "experience", _("Experience")
        POST = "post", _("Post")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    plan = models.ForeignKey("plans.Plan", models.CASCADE, related_name="+")
    network = models.ForeignKey(
        "networks.Network", models.CASCADE, null=True, blank=True, related_name="+"
    )
    housing_areas = models.ManyToManyField("plans.HousingArea", blank=True, related_name="+")
    # Shown to visitors who are not logged in, and to every user.
    public = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    # PostgreSQL only (empty on SQLite): title (weight A) and body (B), `danish` config.
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchText(models.Model):
    """SQLite only: the FTS5 table `knowledge_searchtext(title, body)`, one row per entry
    (rowid = entry id), holding the Danish-stemmed words. Made by the migration, fed by
    knowledge/search.py, and emptied of an entry's row by a trigger when the entry goes.

    `match` is the table's hidden column of the same name, which FTS5 matches against."""

    entry = models.OneToOneField(
        SearchEntry, models.DO_NOTHING, primary_key=True, db_column="rowid", related_name="text"
    )
    title = models.TextField()
    body = models.TextField()
    match = MatchField(db_column="knowledge_searchtext")

    class Meta:
        managed = False
        db_table = "knowledge_searchtext"

    def __str__(self) -> str:
        return self.title
