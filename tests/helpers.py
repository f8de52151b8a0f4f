"""Small helpers shared by test modules."""

import re


def without_nonces(content):
    """Each response carries its own CSP nonce; compare pages without them."""
    return re.sub(rb'nonce="[^"]*"', b"", content)
