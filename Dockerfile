FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    NEGOBOT_DB=/data/negobot.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY knowledge ./knowledge
COPY bot ./bot
RUN pip install --no-cache-dir . \
 && useradd --system --create-home --uid 10001 negobot \
 && mkdir -p /data && chown negobot /data

USER negobot
VOLUME ["/data"]
# `negobot health`: the database is sound and, when serving, the bot's heartbeat is fresh.
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["negobot", "health"]
# SIGTERM (docker stop) stops polling, finishes the updates in hand and closes the base.
STOPSIGNAL SIGTERM
ENTRYPOINT ["negobot"]
CMD ["chat"]
