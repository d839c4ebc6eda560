from django.urls import path

from cases.views import api, learners

urlpatterns = [
    path("", learners.home, name="home"),
    path("healthz", api.healthz, name="healthz"),
]
