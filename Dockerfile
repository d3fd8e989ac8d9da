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
ENTRYPOINT ["negobot"]
CMD ["chat"]
