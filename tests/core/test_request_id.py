import re


def test_a_request_id_is_generated_and_echoed(client, db):
    response = client.get("/livez")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert client.get("/livez")["X-Request-ID"] != response["X-Request-ID"]


def test_the_proxy_request_id_is_kept(client, db):
    response = client.get("/livez", headers={"X-Request-ID": "0f3a9c-proxy.1"})

    assert response["X-Request-ID"] == "0f3a9c-proxy.1"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client, db):
    response = client.get("/livez", headers={"X-Request-ID": 'x" "level": "CRITICAL'})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
