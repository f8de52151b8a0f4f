# Debian trixie's PostgreSQL client (17) can dump and restore the compose file's PostgreSQL 16:
# pg_dump refuses a server newer than itself.
FROM python:3.11-slim-trixie

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

# pg_dump, pg_restore and psql for `manage.py backup` and `manage.py restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml constraints.txt ./
COPY careers careers
COPY core core
COPY jobprofiles jobprofiles
RUN pip install --no-cache-dir -c constraints.txt .

COPY . .
# collectstatic needs settings to load; this key exists only for the build step.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

# Run unprivileged; the volumes mounted on these folders start with this ownership.
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/media /app/backups \
    && chown -R app:app /app/media /app/backups /app/staticfiles
USER app

EXPOSE 8000
# docker-compose.yml runs the same steps; this is for a platform that runs the image alone.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_seed_roles && exec gunicorn -c gunicorn.conf.py"]
