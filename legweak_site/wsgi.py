import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from legweak_site.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legweak_site.settings")
application = get_wsgi_application()
require_secret_key(settings)
