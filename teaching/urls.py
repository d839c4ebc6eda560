from django.urls import path

from teaching import learner, views

urlpatterns = [
    path("teach/", views.teach_home, name="teach"),
    path("teach/cohorts/<int:pk>/", views.cohort_detail, name="teach-cohort"),
    path("teach/cohorts/<int:pk>/responses.csv", views.cohort_csv, name="teach-cohort-csv"),
    path("teach/assignments/<int:pk>/", views.assignment_detail, name="teach-assignment"),
    path("assignments/<int:pk>/submit/", learner.assignment_submit, name="assignment-submit"),
    path("join/", views.join_cohort, name="join"),
    path("join/<str:code>/", views.join_cohort, name="join-cohort"),
]
