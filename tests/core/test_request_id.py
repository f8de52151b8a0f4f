import re

from core.logging import RequestIdFilter


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


def test_the_log_line_of_an_unknown_address_carries_its_request_id(client, db, caplog):
    response = client.get("/nulle-part/", headers={"X-Request-ID": "abc-404"})

    assert response.status_code == 404
    (record,) = [record for record in caplog.records if "Not Found" in record.getMessage()]
    RequestIdFilter().filter(record)  # as the site's log handler does (LOGGING)
    assert record.request_id == "abc-404"
