from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from ressourcenet.accounts import site_pages
from ressourcenet.accounts import views as account_views
from ressourcenet.agreements import views as agreement_views
from ressourcenet.api.api import api
from ressourcenet.audit import views as audit_views
from ressourcenet.blog.sitemaps import SITEMAPS
from ressourcenet.evaluation import views as evaluation_views
from ressourcenet.governance import views as governance_views
from ressourcenet.knowledge import experience_views, summary_views
from ressourcenet.knowledge import views as knowledge_views
from ressourcenet.lib import converters  # noqa: F401  (registers <id:…>)
from ressourcenet.lib.floor import floor
from ressourcenet.live import note_views as live_note_views
from ressourcenet.live import views as live_views
from ressourcenet.meetings import views as meeting_views
from ressourcenet.networks import views as network_views
from ressourcenet.people import privacy_views
from ressourcenet.people import views as people_views
from ressourcenet.plans import views as plan_views
from ressourcenet.scheduling import views as scheduling_views

plan_patterns = [
    path("", plan_views.plan_detail, name="plan"),
    path("networks/<slug:network_slug>/", network_views.network_detail, name="network"),
    path(
        "networks/<slug:network_slug>/members/add/",
        network_views.member_add,
        name="member_add",
    ),
    path(
        "memberships/<id:membership_id>/edit/",
        network_views.membership_edit,
        name="membership_edit",
    ),
    path(
        "memberships/<id:membership_id>/end/",
        network_views.membership_end,
        name="membership_end",
    ),
    path(
        "networks/<slug:network_slug>/meetings/new/",
        meeting_views.meeting_create,
        name="meeting_create",
    ),
    path("meetings/<id:meeting_id>/", meeting_views.meeting_detail, name="meeting"),
    # The planning page in four steps; the first is the meeting itself (views.STEPS).
    path("meetings/<id:meeting_id>/plan/", meeting_views.meeting_plan, name="meeting_plan"),
    path(
        "meetings/<id:meeting_id>/plan/agenda/",
        meeting_views.meeting_plan_step,
        {"step": "agenda"},
        name="meeting_plan_agenda",
    ),
    path(
        "meetings/<id:meeting_id>/plan/roles/",
        meeting_views.meeting_plan_step,
        {"step": "roles"},
        name="meeting_plan_roles",
    ),
    path(
        "meetings/<id:meeting_id>/plan/invitations/",
        meeting_views.meeting_plan_step,
        {"step": "invitations"},
        name="meeting_plan_invitations",
    ),
    path("meetings/<id:meeting_id>/agenda/", meeting_views.agenda_add, name="agenda_add"),
    path("agenda/<id:item_id>/edit/", meeting_views.agenda_item_edit, name="agenda_item_edit"),
    path(
        "agenda/<id:item_id>/move/<str:direction>/",
        meeting_views.agenda_item_move,
        name="agenda_item_move",
    ),
    path(
        "agenda/<id:item_id>/delete/", meeting_views.agenda_item_delete, name="agenda_item_delete"
    ),
    path("meetings/<id:meeting_id>/roles/", meeting_views.role_add, name="role_add"),
    path("roles/<id:role_id>/delete/", meeting_views.role_delete, name="role_delete"),
    path("meetings/<id:meeting_id>/invite/", meeting_views.invite, name="invite"),
    path("meetings/<id:meeting_id>/send/", meeting_views.invitations_send, name="invitations_send"),
    path("meetings/<id:meeting_id>/cancel/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<id:meeting_id>/rsvp/", meeting_views.meeting_rsvp, name="meeting_rsvp"),
    path("meetings/<id:meeting_id>/attendance/", meeting_views.attendance, name="attendance"),
    path("meetings/<id:meeting_id>/clock/", meeting_views.meeting_clock, name="meeting_clock"),
    path(
        "meetings/<id:meeting_id>/clock/next/",
        meeting_views.meeting_clock_next,
        name="meeting_clock_next",
    ),
    path(
        "meetings/<id:meeting_id>/clock/undo/",
        meeting_views.meeting_clock_undo,
        name="meeting_clock_undo",
    ),
    path("meetings/<id:meeting_id>/summary/", summary_views.summary_detail, name="summary"),
    path("meetings/<id:meeting_id>/summary/edit/", summary_views.summary_edit, name="summary_edit"),
    path("meetings/<id:meeting_id>/summary/open/", summary_views.summary_open, name="summary_open"),
    path(
        "meetings/<id:meeting_id>/summary/final/",
        summary_views.summary_finalise,
        name="summary_finalise",
    ),
    path("meetings/<id:meeting_id>/summary/send/", summary_views.summary_send, name="summary_send"),
    path(
        "meetings/<id:meeting_id>/summary/leaflet/",
        summary_views.leaflet_ideas,
        name="leaflet_ideas",
    ),
    path(
        "meetings/<id:meeting_id>/summary/leaflet.pdf",
        summary_views.leaflet_pdf,
        name="leaflet_pdf",
    ),
    path(
        "summary-proposals/<id:amendment_id>/",
        summary_views.amendment_decide,
        name="amendment_decide",
    ),
    path(
        "meetings/<id:meeting_id>/evaluation/",
        evaluation_views.evaluation_own,
        name="evaluation_own",
    ),
    path(
        "meetings/<id:meeting_id>/evaluation/send/",
        evaluation_views.evaluation_send,
        name="evaluation_send",
    ),
    path(
        "networks/<slug:network_slug>/health/",
        evaluation_views.network_health,
        name="network_health",
    ),
    path("health/", evaluation_views.plan_health, name="plan_health"),
    path("meetings/<id:meeting_id>/calendar.ics", meeting_views.meeting_ics, name="meeting_ics"),
    path("meetings/<id:meeting_id>/poll/", scheduling_views.poll_detail, name="poll_detail"),
    path("meetings/<id:meeting_id>/poll/new/", scheduling_views.poll_create, name="poll_create"),
    path(
        "meetings/<id:meeting_id>/poll/choose/<id:slot_id>/",
        scheduling_views.poll_finalise,
        name="poll_finalise",
    ),
    path("meetings/<id:meeting_id>/poll/remind/", scheduling_views.poll_remind, name="poll_remind"),
    path(
        "meetings/<id:meeting_id>/poll/people/<id:person_id>/",
        scheduling_views.poll_answer_for,
        name="poll_answer_for",
    ),
    path(
        "networks/<slug:network_slug>/times/",
        scheduling_views.network_times,
        name="network_times",
    ),
    path("ideas/", knowledge_views.idea_list, name="idea_list"),
    path("ideas/new/", knowledge_views.idea_create, name="idea_create"),
    path("ideas/quick/", knowledge_views.quick_entry, name="idea_quick_entry"),
    path("ideas/<id:idea_id>/", knowledge_views.idea_detail, name="idea"),
    path("ideas/<id:idea_id>/edit/", knowledge_views.idea_edit, name="idea_edit"),
    path("ideas/<id:idea_id>/status/", knowledge_views.idea_status, name="idea_status"),
    path("experiences/", experience_views.experience_list, name="experience_list"),
    path("experiences/new/", experience_views.experience_create, name="experience_create"),
    path("experiences/<id:experience_id>/", experience_views.experience_detail, name="experience"),
    path(
        "experiences/<id:experience_id>/edit/",
        experience_views.experience_edit,
        name="experience_edit",
    ),
    path(
        "experiences/<id:experience_id>/delete/",
        experience_views.experience_delete,
        name="experience_delete",
    ),
    path(
        "meetings/<id:meeting_id>/summary/public/",
        summary_views.summary_public,
        name="summary_public",
    ),
    path("meetings/<id:meeting_id>/live/", live_views.projector, name="live_projector"),
    path("meetings/<id:meeting_id>/live/start/", live_views.live_start, name="live_start"),
    path("meetings/<id:meeting_id>/live/end/", live_views.live_end, name="live_end"),
    path("meetings/<id:meeting_id>/live/review/", live_views.review, name="live_review"),
    path(
        "meetings/<id:meeting_id>/live/summary/",
        live_note_views.summary_start,
        name="live_summary_start",
    ),
    path("people/", people_views.person_list, name="person_list"),
    path("people/new/", people_views.person_create, name="person_create"),
    path("people/<id:person_id>/", people_views.person_detail, name="person_detail"),
    path("people/<id:person_id>/edit/", people_views.person_edit, name="person_edit"),
    path("people/<id:person_id>/export/", privacy_views.person_export, name="person_export"),
    path(
        "people/<id:person_id>/export.json",
        privacy_views.person_export_download,
        name="person_export_download",
    ),
    path("people/<id:person_id>/erase/", privacy_views.person_erase, name="person_erase"),
    path("cofinancing/", agreement_views.cofinancing_list, name="cofinancing_list"),
    path("cofinancing/new/", agreement_views.cofinancing_create, name="cofinancing_create"),
    path("allocation/", agreement_views.allocation, name="allocation"),
    path(
        "cofinancing/<id:agreement_id>/",
        agreement_views.cofinancing_detail,
        name="cofinancing_detail",
    ),
    path(
        "cofinancing/<id:agreement_id>/change/",
        agreement_views.cofinancing_change,
        name="cofinancing_change",
    ),
    path(
        "networks/<slug:network_slug>/agreements/",
        agreement_views.cooperation_list,
        name="cooperation_list",
    ),
    path(
        "networks/<slug:network_slug>/agreements/new/",
        agreement_views.cooperation_create,
        name="cooperation_create",
    ),
    path(
        "cooperation/<id:agreement_id>/",
        agreement_views.cooperation_detail,
        name="cooperation_detail",
    ),
    path(
        "cooperation/<id:agreement_id>/act/",
        agreement_views.cooperation_act,
        name="cooperation_act",
    ),
    path(
        "cooperation/<id:agreement_id>/remind/",
        agreement_views.cooperation_remind,
        name="cooperation_remind",
    ),
    path(
        "cooperation/<id:agreement_id>/paper/",
        agreement_views.cooperation_paper,
        name="cooperation_paper",
    ),
    path(
        "organisations/<id:organisation_id>/",
        people_views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "networks/<slug:network_slug>/recommendations/",
        governance_views.network_recommendations,
        name="network_recommendations",
    ),
    path(
        "networks/<slug:network_slug>/recommendations/new/",
        governance_views.recommendation_create,
        name="recommendation_create",
    ),
    path(
        "recommendations/<id:recommendation_id>/",
        governance_views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "recommendations/<id:recommendation_id>/edit/",
        governance_views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "recommendations/<id:recommendation_id>/move/<slug:to>/",
        governance_views.recommendation_move,
        name="recommendation_move",
    ),
    path("board-meetings/", governance_views.board_meeting_list, name="board_meetings"),
    path(
        "board-meetings/<id:board_meeting_id>/",
        governance_views.board_meeting_detail,
        name="board_meeting",
    ),
    path(
        "board-meetings/<id:board_meeting_id>/packet/",
        governance_views.board_packet,
        name="board_packet",
    ),
    path(
        "board-meetings/<id:board_meeting_id>/packet.pdf",
        governance_views.board_packet_pdf,
        name="board_packet_pdf",
    ),
]


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on their own: send them to the site's icon."""
    return HttpResponseRedirect(static("ressourcenet/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("_floor/", floor, name="floor"),
    path("", plan_views.home, name="home"),
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("search/", knowledge_views.search_page, name="search"),
    path("privatliv/", site_pages.privacy, name="privacy"),
    path("tilgaengelighed/", site_pages.accessibility, name="accessibility"),
    path("blog/", include("ressourcenet.blog.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("plans/<slug:plan_slug>/", include(plan_patterns)),
    path("invitation/<str:token>/", meeting_views.invitation_answer, name="invitation_answer"),
    path("summary/<str:token>/", summary_views.summary_personal, name="summary_personal"),
    path(
        "evaluation/<str:token>/", evaluation_views.evaluation_personal, name="evaluation_personal"
    ),
    path(
        "summary/<str:token>/leaflet.pdf",
        summary_views.personal_leaflet_pdf,
        name="personal_leaflet_pdf",
    ),
    path("poll/<str:token>/", scheduling_views.poll_answer, name="poll_answer"),
    path("agreement/<str:token>/", agreement_views.cooperation_party, name="cooperation_party"),
    path("calendar/<str:secret>.ics", meeting_views.network_feed, name="network_feed"),
    # The live mode: short addresses, typed on a phone.
    path("m/", live_views.join_code, name="live_join_code"),
    path("m/<str:code>", live_views.join, name="live_join"),
    path("m/<str:code>/board/", live_views.board, name="live_board"),
    path("m/<str:code>/table/", live_views.choose_table, name="live_table"),
    path("m/<str:code>/ideas/", live_views.idea_post, name="live_idea_post"),
    path(
        "m/<str:code>/ideas/<id:idea_id>/plus-one/", live_views.idea_plus_one, name="live_plus_one"
    ),
    path("m/<str:code>/ideas/<id:idea_id>/hide/", live_views.idea_hide, name="live_hide"),
    path("m/<str:code>/ideas/<id:idea_id>/mark/", live_note_views.idea_mark, name="live_mark"),
    path("m/<str:code>/qr.svg", live_views.qr_code, name="live_qr"),
    path("administration/log/", audit_views.audit_log, name="audit_log"),
    path("outbox/", account_views.outbox_list, name="outbox"),
    path("outbox/<id:message_id>/", account_views.outbox_detail, name="outbox_message"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/tokens/", account_views.api_tokens, name="api_tokens"),
    path("accounts/my-data.json", privacy_views.my_data, name="my_data"),
    path(
        "accounts/tokens/<id:token_id>/revoke/",
        account_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "accounts/password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "ressourcenet.accounts.views.permission_denied"
handler404 = "ressourcenet.accounts.views.page_not_found"
handler500 = "ressourcenet.accounts.views.server_error"
