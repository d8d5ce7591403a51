# syntax=docker/dockerfile:1
# The spcp container image: `docker build -t spcp .`, then `docker compose up` (compose.yaml) or any orchestrator.
#
# Two stages. The build stage installs the hash-pinned lock exactly as scripts/install does (--require-hashes
# --no-deps: nothing is resolved again, so an upstream release cannot change the image), the npm lock (USWDS)
# with `npm ci`, compiles the translations and collects the static files. The runtime stage adds only what the
# app needs from Debian (Pango and the Noto CJK fonts for the PDF documents, the PostgreSQL client for
# `spcp backup`) and runs as an unprivileged user with `spcp` as its entry point.
#
# Debian trixie: its postgresql-client (17) matches compose.yaml's PostgreSQL 17 (pg_dump must not be older
# than the server). The Python minor version is the lock's (requirements/*.txt say "with Python 3.11").
ARG PYTHON_IMAGE=python:3.11-slim-trixie

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/ requirements/
RUN python -m venv /opt/venv \
 && /opt/venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/bootstrap.txt \
 && /opt/venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements/base.txt
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error
COPY pyproject.toml manage.py ./
COPY config/ config/
COPY spcp/ spcp/
COPY locale/ locale/
# As scripts/install does: the project itself in place (its templates, catalogs and node_modules stay in /app).
RUN /opt/venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . \
 && /opt/venv/bin/python -m pip check
# Translations compiled and static files collected at build time, into the image (not the data volume), so
# every container of one image serves the same files. The build needs a secret key only to load the settings.
RUN SPCP_DATA_DIR=/tmp/build-data SPCP_STATIC_ROOT=/app/static \
    /opt/venv/bin/python -c "from pathlib import Path; from spcp.cli import compile_catalogs; compile_catalogs(Path('locale'))" \
 && SPCP_DATA_DIR=/tmp/build-data SPCP_STATIC_ROOT=/app/static \
    /opt/venv/bin/spcp manage collectstatic --noinput --verbosity 0 \
 && rm -rf /tmp/build-data

FROM ${PYTHON_IMAGE} AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fontconfig postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 spcp \
 && useradd --system --uid 10001 --gid spcp --home-dir /data --no-create-home --shell /usr/sbin/nologin spcp \
 && mkdir -p /data \
 && chown spcp:spcp /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SPCP_DATA_DIR=/data \
    SPCP_STATIC_ROOT=/app/static
WORKDIR /app
# Numeric, so that an orchestrator's runAsNonRoot can verify it.
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["spcp", "probe"]
ENTRYPOINT ["spcp"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
