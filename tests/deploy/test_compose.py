import re

import pytest
import yaml

from .servers import PROJECT_ROOT


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def test_the_stack_has_database_cache_web_backup_and_proxy(services):
    assert set(services) == {"db", "cache", "web", "backup", "proxy"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["cache"]["image"].startswith("redis:7")
    assert services["proxy"]["image"].startswith("nginx")


@pytest.mark.parametrize("name", ["db", "cache", "web"])
def test_every_dependency_has_a_healthcheck_its_dependents_wait_for(services, name):
    assert services[name]["healthcheck"]["test"]
    dependents = [other for other in services.values() if name in other.get("depends_on", {})]
    assert dependents
    for dependent in dependents:
        assert dependent["depends_on"][name]["condition"] == "service_healthy"


def test_the_web_healthcheck_calls_healthz(services):
    assert any("/healthz" in part for part in services["web"]["healthcheck"]["test"])


def test_the_database_keeps_its_data_in_a_named_volume(compose, services):
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "db-data" in compose["volumes"]


def test_web_prepares_the_database_and_static_files_then_runs_gunicorn(services):
    command = " ".join(services["web"]["command"])
    steps = ["migrate", "collectstatic", "load_seed_roles", "gunicorn -c gunicorn.conf.py"]
    positions = [command.index(step) for step in steps]
    assert positions == sorted(positions)


def test_web_keeps_no_state_so_it_can_be_scaled(services):
    web = services["web"]
    assert "ports" not in web and "container_name" not in web
    assert web["environment"]["REDIS_URL"].startswith("redis://cache:")
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")


def test_proxy_reads_static_and_media_from_the_volumes_web_fills(compose, services):
    web_mounts = dict(volume.split(":")[:2] for volume in services["web"]["volumes"])
    proxy_mounts = dict(volume.split(":")[:2] for volume in services["proxy"]["volumes"])
    assert proxy_mounts["static"] == "/srv/static" and proxy_mounts["media"] == "/srv/media"
    assert web_mounts["static"] == services["web"]["environment"]["DJANGO_STATIC_ROOT"]
    assert web_mounts["media"] == services["web"]["environment"]["DJANGO_MEDIA_ROOT"]
    assert {"static", "media"} <= set(compose["volumes"])
    assert "./nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in services["proxy"]["volumes"]


def test_backup_archives_the_web_uploads_on_a_schedule_keeping_the_last_ones(compose, services):
    backup, web = services["backup"], services["web"]
    command = " ".join(backup["command"])
    assert 'manage.py backup --keep "$$BACKUP_KEEP"' in command
    assert 'sleep "$$BACKUP_INTERVAL_SECONDS"' in command
    assert backup["environment"]["BACKUP_KEEP"] == "${BACKUP_KEEP:-14}"
    for name in ("DATABASE_URL", "DJANGO_MEDIA_ROOT"):
        assert backup["environment"][name] == web["environment"][name]
    mounts = dict(volume.split(":")[:2] for volume in backup["volumes"])
    assert mounts["media"] == web["environment"]["DJANGO_MEDIA_ROOT"]
    assert mounts["backups"] == backup["environment"]["DJANGO_BACKUP_DIR"]
    assert "backups" in compose["volumes"]


def test_nginx_status_is_exposed_to_the_network_never_on_the_host(services):
    proxy = services["proxy"]
    assert proxy["expose"] == ["8081"]
    assert all("8081" not in port for port in proxy["ports"])


def variables_read_by(path):
    text = (PROJECT_ROOT / path).read_text()
    return set(re.findall(r"""(?:environ\.get|env_flag|env_list)\(\s*["']([A-Z0-9_]+)""", text))


def test_every_variable_is_in_env_example_and_the_readme():
    variables = variables_read_by("careers/settings.py") | variables_read_by("gunicorn.conf.py")
    variables |= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}  # read by boto3 itself
    example = set(re.findall(r"^([A-Z0-9_]+)=", (PROJECT_ROOT / ".env.example").read_text(), re.M))
    readme = set(
        re.findall(r"^\| `([A-Z0-9_]+)` \|", (PROJECT_ROOT / "README.md").read_text(), re.M)
    )

    assert variables - example == set()
    assert variables - readme == set()
