"""A middleware that sets a cookie on every response, placed first in the stack by a test."""


class CookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.set_cookie("seen", "1")
        return response
