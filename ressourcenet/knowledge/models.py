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
