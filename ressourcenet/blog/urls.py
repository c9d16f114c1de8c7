from django.urls import path

from ressourcenet.blog import feeds, views

app_name = "blog"
urlpatterns = [
    path("", views.post_list, name="index"),
    path("feed.rss", feeds.PostsRss(), name="feed_rss"),
    path("feed.atom", feeds.PostsAtom(), name="feed_atom"),
    path("tags/<slug:tag_slug>/", views.post_list, name="tag"),
    path("tags/<slug:tag_slug>/feed.rss", feeds.TagRss(), name="tag_feed_rss"),
    path("tags/<slug:tag_slug>/feed.atom", feeds.TagAtom(), name="tag_feed_atom"),
    path("new/", views.post_create, name="post_create"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("comments/<id:comment_id>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("erase/<str:token>/", views.erase, name="erase"),
    path("bloggers/", views.blogger_list, name="bloggers"),
    path("bloggers/new/", views.blogger_edit, name="blogger_create"),
    path("bloggers/<id:blogger_id>/edit/", views.blogger_edit, name="blogger_edit"),
    path("bloggers/<id:blogger_id>/photo", views.blogger_photo, name="blogger_photo"),
    path("<slug:slug>/", views.post_detail, name="post"),
    path("<slug:slug>/cover", views.cover_image, name="cover"),
    path("<slug:slug>/edit/", views.post_edit, name="post_edit"),
    path("<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path("<slug:slug>/comments/close/", views.comments_close, name="comments_close"),
]
