from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the strict Content-Security-Policy of settings.CONTENT_SECURITY_POLICY.

    Django 5.2 has no built-in CSP support (it arrives in 6.0); one header needs no library.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
