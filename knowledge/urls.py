from django.urls import path

from knowledge.views import api, localizer, reference

urlpatterns = [
    path("localize/", localizer.localize_page, name="localize"),
    path("anatomy/", reference.anatomy_index, name="anatomy-index"),
    path("conditions/", reference.condition_index, name="condition-index"),
    path("sources/", reference.source_index, name="source-index"),
    path("search/", reference.search_page, name="search"),
    path("anatomy/<slug:slug>/", reference.structure_detail, name="structure-detail"),
    path("conditions/<slug:slug>/", reference.condition_detail, name="condition-detail"),
    path("sources/<slug:slug>/", reference.source_detail, name="source-detail"),
    path("api/localize", api.localize, name="api-localize"),
    path("api/sites/<slug:slug>/deficits", api.site_deficits, name="api-site-deficits"),
    path("healthz", api.healthz, name="healthz"),
]
