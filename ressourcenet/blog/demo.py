"""The demo's blog: two bloggers and eight posts (six shown, one scheduled, one draft),
written in Danish for this demo, with a few published comments and one from a guest
waiting for the editor. Dates are relative to today. Safe to run again: posts are found
by their address and their comments are not added twice."""

import io
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from ressourcenet.accounts.models import User
from ressourcenet.blog.models import BloggerProfile, BlogTag, Comment, Post

EDITOR_EMAIL = "redaktoer@example.dk"
MEMBER_EMAIL = "medlem@example.dk"

TAGS = {
    "netvaerk": "Netværk",
    "temamoede": "Temamøde",
    "lektiecafe": "Lektiecafé",
    "frivillige": "Frivillige",
    "boern-og-unge": "Børn og unge",
    "naboskab": "Naboskab",
}


@dataclass
class DemoComment:
    name: str
    body: str
    days_after: int
    email: str = ""
    member: bool = False
    state: str = Comment.State.PUBLISHED
    reply_to: int | None = None  # the index of the comment it answers


@dataclass
class DemoPost:
    slug: str
    title: str
    teaser: str
    body: str
    blogger: str  # "tobias" or "rikke"
    days_ago: int
    tags: list[str]
    state: str = Post.State.PUBLISHED
    comments: list[DemoComment] = field(default_factory=list)


POSTS = [
    DemoPost(
        "tre-netvaerk-i-stedet-for-et-forum",
        "Tre netværk i stedet for ét stort forum",
        "Vi har lukket det store fællesforum og startet tre ressourcenetværk, ét for hver "
        "indsats. Her er hvorfor, og hvad vi håber at få ud af det.",
        "I flere år mødtes vi to gange om året i et stort forum, hvor alle fra kommunen, "
        "boligorganisationerne og afdelingsbestyrelserne var inviteret. Der kom mange, men "
        "det var svært at nå i dybden, når dagsordenen skulle dække alt fra tandpleje til "
        "jobcentret.\n\n"
        "Derfor har vi delt det op i **tre ressourcenetværk**:\n\n"
        "- Familier og forebyggelse\n"
        "- Uddannelse og beskæftigelse\n"
        "- Naboskab og trivsel\n\n"
        "Hvert netværk samler de fagfolk og nøglepersoner, der arbejder med netop den "
        "indsats. Netværkene giver råd til bestyrelsen, kvalificerer projekterne og hjælper "
        "os med at prioritere ressourcerne mellem de fire boligområder.\n\n"
        "## Hvad betyder det for dig?\n\n"
        "Er du frivillig, beboerrepræsentant eller ansat i et af områderne, kan du blive "
        "inviteret til netværkets møder. Og skulle et tema ligge dit hjerte nær, så sig til: "
        "netværkene må gerne invitere gæster til en enkelt drøftelse.",
        "tobias",
        120,
        ["netvaerk"],
        comments=[
            DemoComment(
                "Jamal Haddad",
                "Godt initiativ. Det store forum var hyggeligt, men jeg gik tit hjem uden at "
                "vide, hvad jeg kunne bruge det til.",
                2,
                member=True,
            ),
            DemoComment(
                "Lone fra Blokland",
                "Hvordan hører vi beboere om, hvornår netværkene mødes?",
                3,
                email="lone.blokland@example.org",
            ),
            DemoComment(
                "Tobias Krogh",
                "Godt spørgsmål, Lone. Møderne bliver slået op her på bloggen og hos "
                "afdelingsbestyrelserne.",
                4,
                member=True,
                reply_to=1,
            ),
        ],
    ),
    DemoPost(
        "hvorfor-moedet-skal-have-et-hvorfor",
        "Hvorfor hvert møde skal have et »hvorfor«",
        "Før vi sætter en dagsorden, skriver vi én sætning om, hvad mødet skal føre til. "
        "Det lyder banalt, men det har ændret vores møder.",
        "Folk har travlt, og frivillige er svære at finde. Så når vi beder nogen bruge en "
        "eftermiddag på et møde, skylder vi dem et godt svar på spørgsmålet: *hvorfor skal "
        "jeg komme?*\n\n"
        "Vi starter derfor altid med mødets **hvorfor**: det vigtigste, mødet skal give. "
        "Ud fra det vælger vi, hvem der skal inviteres, og hvordan tiden skal bruges.\n\n"
        "Et par tommelfingerregler, vi har lært undervejs:\n\n"
        "1. Højst to en halv time.\n"
        "2. Kort oplæg, lang workshop.\n"
        "3. Mad, hvor folk kan blande sig.\n"
        "4. Plads til det uforudsete.\n\n"
        "Ressourcenet viser et tjek af mødets design, mens mødet planlægges. Det er et råd, "
        "ikke en regel: metoden skal blive ved med at udvikle sig.",
        "rikke",
        90,
        ["temamoede", "netvaerk"],
        comments=[
            DemoComment(
                "Hanne Juul",
                "Punkt 3 kan ikke understreges nok. De bedste idéer kommer ved kaffen.",
                1,
                email="hanne.juul@example.org",
            ),
        ],
    ),
    DemoPost(
        "temamoede-om-familier-vi-ikke-ser",
        "Temamøde: de familier, vi sjældent ser",
        "Sundhedsplejen, PPR, skolerne og frivillige fra lektiecaféen brugte en aften på at "
        "finde nye veje til de familier, der ikke kommer af sig selv.",
        "Netværket for familier og forebyggelse holdt temamøde i beboerhuset. Spørgsmålet "
        "var enkelt: *hvordan når vi de familier, vi sjældent ser?*\n\n"
        "Efter et kort oplæg fra sundhedsplejen gik vi i grupper. Tre idéer fik flest "
        "stemmer:\n\n"
        "- En åben formiddag i beboerhuset, hvor sundhedsplejen kigger forbi.\n"
        "- Forældre, der allerede kommer, tager en nabo med.\n"
        "- Korte beskeder på flere sprog i opgangene.\n\n"
        "Idéerne ligger nu i idékataloget, og netværket følger op på næste møde. Tak til "
        "alle, der kom, og til caféholdet, der stod for maden.",
        "rikke",
        60,
        ["temamoede", "boern-og-unge"],
    ),
    DemoPost(
        "lektiecafeen-i-kanalens-kvarter",
        "Lektiecaféen i Kanalens Kvarter fylder år",
        "Hver tirsdag og torsdag sidder frivillige klar med hjælp til matematik, dansk og "
        "engelsk. Vi har talt med nogle af dem, der holder caféen i gang.",
        "Klokken er lidt over tre, og de første elever kommer ind med tasker og kolde "
        "kinder. I lektiecaféen er der saftevand, boller og fem frivillige, som hjælper med "
        "alt fra brøker til stile.\n\n"
        "»Det bedste er, når en elev, der var gået i stå, pludselig forstår det,« siger en "
        "af de frivillige, som har været med fra starten.\n\n"
        "## Vil du være med?\n\n"
        "Caféen mangler altid voksne, der har et par timer om ugen. Du behøver ikke være "
        "lærer: tålmodighed og lyst til at lytte er nok. Skriv en kommentar her, eller kig "
        "forbi en tirsdag.",
        "tobias",
        35,
        ["lektiecafe", "frivillige", "boern-og-unge"],
        comments=[
            DemoComment(
                "Jamal Haddad",
                "Jeg er en af de frivillige, og jeg kan kun anbefale det. Vi mangler især "
                "nogen til matematik i udskolingen.",
                1,
                member=True,
            ),
            DemoComment(
                "Søren P.",
                "Jeg er pensioneret ingeniør og vil gerne hjælpe med matematik. Hvem skal "
                "jeg skrive til?",
                5,
                email="soeren.p@example.org",
                state=Comment.State.PENDING,
            ),
        ],
    ),
    DemoPost(
        "naboskab-starter-i-opgangen",
        "Naboskab starter i opgangen",
        "Netværket for naboskab og trivsel har samlet erfaringer fra de fire boligområder. "
        "Det mindste tiltag gør ofte den største forskel.",
        "Sommerfester og store arrangementer er gode, men når vi spørger beboerne, hvad der "
        "får dem til at føle sig hjemme, handler svaret tit om noget mindre: en hilsen på "
        "trappen, en nabo, der tager pakken ind.\n\n"
        "På netværkets seneste møde delte driftsfolk, frivillige og kulturområdet, hvad der "
        "har virket i Hedemarken, Blokland, Albertslund Nord og Kanalens Kvarter. Et "
        "gennemgående træk: **opgangsmøder** med kaffe og en kort snak om fælles ønsker.\n\n"
        "Erfaringerne kan læses under *Erfaringer* på helhedsplanens side.",
        "tobias",
        14,
        ["naboskab", "netvaerk"],
    ),
    DemoPost(
        "uddannelse-og-job-for-unge",
        "Fra lektier til læreplads",
        "Netværket for uddannelse og beskæftigelse vil bygge bro fra lektiecaféen til "
        "ungdomsuddannelse og job. Første skridt er en fælles plan for de unge på 15-17 år.",
        "Mange unge i boligområderne klarer sig godt, men nogle falder fra mellem "
        "folkeskolen og en ungdomsuddannelse. Netværket, hvor jobcentret, UU, skolerne og "
        "klubberne sidder med, har sat sig for at se på overgangen.\n\n"
        "Vi vil blandt andet:\n\n"
        "- invitere tidligere elever fra lektiecaféen til at fortælle om deres vej,\n"
        "- prøve fritidsjob sammen med lokale virksomheder,\n"
        "- sende en indstilling til bestyrelsen om, hvordan ressourcerne bruges bedst.\n\n"
        "Har du en idé eller en erfaring, så skriv den gerne i kommentarerne.",
        "rikke",
        4,
        ["lektiecafe", "boern-og-unge"],
    ),
    DemoPost(
        "tilbageblik-paa-aaret",
        "Tilbageblik på året i netværkene",
        "Hvad lærte vi af årets møder? Et kort tilbageblik, når året er omme.",
        "Indlægget udkommer, når årets sidste møde er holdt.",
        "tobias",
        -10,
        ["netvaerk"],
        state=Post.State.SCHEDULED,
    ),
    DemoPost(
        "kladde-sommerfest",
        "Sommerfesten: program og hjælpere",
        "Udkast til programmet for sommerfesten.",
        "Programmet er ikke færdigt endnu.",
        "tobias",
        0,
        ["naboskab"],
        state=Post.State.DRAFT,
    ),
]


def portrait(name: str, colour: str) -> ContentFile:
    """A drawn head and shoulders for a demo blogger's photo (no real person's face)."""
    image = Image.new("RGB", (192, 192), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((64, 34, 128, 98), fill="#f4efe6")
    draw.ellipse((30, 108, 162, 240), fill="#f4efe6")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{name}.png")


def load_blog() -> None:
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    member = User.objects.filter(email=MEMBER_EMAIL).first()
    bloggers = {
        "tobias": BloggerProfile.objects.update_or_create(
            name="Tobias Krogh",
            defaults={
                "user": editor,
                "presentation": "Skriver om helhedsplanen for Albertslund Boligsociale Center.",
            },
        )[0],
        "rikke": BloggerProfile.objects.update_or_create(
            name="Rikke Dahl",
            defaults={
                "presentation": "Boligsocial medarbejder og tovholder for netværket om familier.",
            },
        )[0],
    }
    for key, colour in (("tobias", "#1f5c99"), ("rikke", "#7a3e6d")):
        if not bloggers[key].photo:
            bloggers[key].photo.save(f"demo-{key}.png", portrait(key, colour))
    tags = {
        slug: BlogTag.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TAGS.items()
    }
    now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for spec in POSTS:
        publish_at = None if spec.state == Post.State.DRAFT else now - timedelta(spec.days_ago)
        post, created = Post.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "title": spec.title,
                "teaser": spec.teaser,
                "body": spec.body,
                "author": bloggers[spec.blogger],
                "state": spec.state,
                "publish_at": publish_at,
            },
        )
        post.tags.set([tags[slug] for slug in spec.tags])
        if post.comments.exists():
            continue
        made: list[Comment] = []
        for comment in spec.comments:
            written = (publish_at or now) + timedelta(days=comment.days_after, hours=len(made))
            user = None
            if comment.member:
                user = editor if comment.name == "Tobias Krogh" else member
            made.append(
                Comment.objects.create(
                    post=post,
                    parent=made[comment.reply_to] if comment.reply_to is not None else None,
                    user=user,
                    name=comment.name,
                    email="" if user else comment.email,
                    body=comment.body,
                    state=comment.state,
                    created_at=min(written, timezone.now()),
                    moderated_at=None if comment.state == Comment.State.PENDING else written,
                    moderated_by=None if user or comment.state == Comment.State.PENDING else editor,
                )
            )
