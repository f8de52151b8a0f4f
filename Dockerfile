FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml constraints.txt ./
COPY careers careers
COPY jobprofiles jobprofiles
RUN pip install --no-cache-dir -c constraints.txt .

COPY . .
# collectstatic needs settings to load; this key exists only for the build step.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_seed_roles && exec gunicorn careers.wsgi --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
