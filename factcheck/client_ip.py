"""The client's address for django-axes' lockouts (AXES_CLIENT_IP_CALLABLE).

Without a proxy (AXES_PROXY_COUNT 0) it is REMOTE_ADDR, and an
X-Forwarded-For header a client sends is ignored. Behind N proxies
(BEHIND_PROXY=1 means one) each proxy appends the address it received the
request from, so the client is the Nth address from the right of
X-Forwarded-For + REMOTE_ADDR: whatever a client writes into the header itself
sits further left and is never read.

django-ipware is not used: its proxy_count counts proxies listed inside the
header (REMOTE_ADDR is not one of them), and with a single TLS proxy it picks
either the proxy's address or the client's forged entry.
"""

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    if count < 1:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [hop.strip() for hop in forwarded.split(",") if hop.strip()] + [remote]
    # Fewer hops than proxies: the request did not come through all of them.
    return chain[-(count + 1)] if len(chain) > count else remote
