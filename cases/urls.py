from django.urls import path

from cases.views import api, learners, reference

urlpatterns = [
    path("", learners.home, name="home"),
    path("localize/", learners.localize_page, name="localize"),
    path("anatomy/<slug:slug>/", reference.structure_detail, name="structure-detail"),
    path("conditions/<slug:slug>/", reference.condition_detail, name="condition-detail"),
    path("sources/<slug:slug>/", reference.source_detail, name="source-detail"),
    path("api/localize", api.localize, name="api-localize"),
    path("api/sites/<slug:slug>/deficits", api.site_deficits, name="api-site-deficits"),
    path("healthz", api.healthz, name="healthz"),
]
