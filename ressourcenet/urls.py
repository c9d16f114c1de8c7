from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ressourcenet.accounts import views as account_views
from ressourcenet.api.api import api
from ressourcenet.networks import views as network_views
from ressourcenet.people import views as people_views
from ressourcenet.plans import views as plan_views

plan_patterns = [
    path("", plan_views.plan_detail, name="plan"),
    path("networks/<slug:network_slug>/", network_views.network_detail, name="network"),
    path(
        "networks/<slug:network_slug>/members/add/",
        network_views.member_add,
        name="member_add",
    ),
    path(
        "memberships/<int:membership_id>/edit/",
        network_views.membership_edit,
        name="membership_edit",
    ),
    path(
        "memberships/<int:membership_id>/end/",
        network_views.membership_end,
        name="membership_end",
    ),
    path("people/", people_views.person_list, name="person_list"),
    path("people/new/", people_views.person_create, name="person_create"),
    path("people/<int:person_id>/", people_views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", people_views.person_edit, name="person_edit"),
    path(
        "organisations/<int:organisation_id>/",
        people_views.organisation_detail,
        name="organisation_detail",
    ),
]

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/<slug:plan_slug>/", include(plan_patterns)),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
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
