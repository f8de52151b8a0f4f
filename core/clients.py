"""Who is asking: the visitor's address, as the proxy in front of the site saw it."""

import ipaddress


def client_ip(request):
    """The address of the visitor, for throttling logins (django-axes).

    Behind nginx every request comes from the proxy's private address, and nginx appends
    the address it saw to X-Forwarded-For: that last entry is the visitor's (earlier ones
    are whatever the client sent). A request from a public address reached the site
    directly: its own X-Forwarded-For would let it pose as anyone, so it is ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        through_proxy = ipaddress.ip_address(remote).is_private
        return str(ipaddress.ip_address(forwarded)) if through_proxy else remote
    except ValueError:
        return remote
