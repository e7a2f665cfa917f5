# ZI Tracker in a container: the web process (gunicorn, deploy/gunicorn.conf.py) by default, the
# background worker with `python manage.py db_worker`. docker-compose.yml runs both with PostgreSQL.
FROM python:3.11-slim-bookworm

# Pango and fonts for WeasyPrint's PDFs; the PostgreSQL 15 client for `manage.py backup` (pg_dump
# must be at least the server's major version: docker-compose.yml runs postgres:15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/srv/zi-tracker/.venv/bin:$PATH
WORKDIR /srv/zi-tracker

COPY requirements.txt ./
RUN python -m venv .venv && .venv/bin/pip install -r requirements.txt

COPY . .
# Hashed, compressed static files are part of the image (collectstatic needs no database or key).
RUN SECRET_KEY=collectstatic-only DEBUG=0 python manage.py collectstatic --noinput -v0 \
    && useradd --system --uid 1000 --home-dir /srv/zi-tracker zi \
    && mkdir -p var/media && chown -R zi:zi var

USER zi
# var/ holds evidence (MEDIA_ROOT) and, on SQLite, the database: mount a volume there.
VOLUME ["/srv/zi-tracker/var"]
ENV GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
