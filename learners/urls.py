from django.urls import path

from learners import views

urlpatterns = [
    path("", views.me, name="me"),
    path("attempts/<int:pk>/", views.attempt_summary, name="me-attempt"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/", views.review_item, name="review-item"),
    path("review/<int:pk>/answer/", views.review_answer_view, name="review-answer"),
    path("review/<int:pk>/rate/", views.review_rate_view, name="review-rate"),
    path("data/", views.data_page, name="me-data"),
    path("data/legweak-records.json", views.data_json, name="me-data-json"),
    path("data/legweak-records.csv", views.data_csv, name="me-data-csv"),
    path("delete/", views.account_delete_view, name="me-delete"),
]
