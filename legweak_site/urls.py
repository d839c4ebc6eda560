from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth's log-in, with its rate limits, rather than its own form.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("learners.urls")),
    path("", include("teaching.urls")),
    path("", include("cases.urls")),
    path("", include("knowledge.urls")),
]
