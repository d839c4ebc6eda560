from django.urls import path

from cases.views import api, learners, reference

urlpatterns = [
    path("", learners.home, name="home"),
    path("localize/", learners.localize_page, name="localize"),
    path("cases/", learners.case_list, name="case-list"),
    path("cases/<slug:slug>/", learners.case_play, name="case-play"),
    path("cases/<slug:slug>/steps/<int:number>/", learners.case_answer, name="case-answer"),
    path("cases/<slug:slug>/finish/", learners.case_finish, name="case-finish"),
    path("cases/<slug:slug>/restart/", learners.case_restart, name="case-restart"),
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
