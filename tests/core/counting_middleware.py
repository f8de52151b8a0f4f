"""A middleware that counts the requests reaching it, placed last in the stack by a test."""

reached = []


class CountingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reached.append(request.path)
        return self.get_response(request)
