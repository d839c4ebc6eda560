from django.urls import path

from cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<slug:slug>/", views.case_play, name="case-play"),
    path("cases/<slug:slug>/steps/<int:number>/", views.case_answer, name="case-answer"),
    path("cases/<slug:slug>/finish/", views.case_finish, name="case-finish"),
    path("cases/<slug:slug>/restart/", views.case_restart, name="case-restart"),
]
