# socialtip as a container: `docker build -t socialtip .` then
#   docker run -p 3000:3000 --env-file .env -v socialtip-data:/app/data socialtip
# It serves HTTP on $PORT (default 3000) and answers GET /healthz (the HEALTHCHECK below).
# For Socket Mode instead: `docker run --env-file .env --no-healthcheck socialtip serve --socket`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000 \
    SOCIALTIP_DB=/app/data/socialtip.json \
    SOCIALTIP_CACHE_DIR=/app/data/cache

WORKDIR /app

# The pinned dependencies first (requirements.txt, from scripts/lock.py): this layer is rebuilt
# only when they change. Every one of them ships a manylinux wheel: no compiler needed.
COPY requirements.txt ./
RUN pip install --only-binary=:all: -r requirements.txt

# The code and the knowledge base; socialtip runs from here (python -m bot), not installed.
COPY bot/ bot/
COPY knowledge/ knowledge/

# An unprivileged user; the store (TinyDB) lives in /app/data, a volume.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin socialtip \
    && mkdir -p /app/data \
    && chown socialtip:socialtip /app/data
USER socialtip
VOLUME ["/app/data"]

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]

# socialtip handles SIGTERM itself (docker stop): it finishes the replies in flight within 10 s.
ENTRYPOINT ["python", "-m", "bot"]
CMD ["serve", "--http"]
