import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from legweak_site.env import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legweak_site.settings")
application = get_asgi_application()
require_secret_key(settings)
