FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY ontology ./ontology
COPY queries ./queries
RUN pip install --no-cache-dir -e '.[model]' \
 && useradd --system --uid 10001 --home-dir /data --no-create-home newskg \
 && mkdir -p /data && chown newskg:newskg /data
# The service needs no privilege: it runs as its own user, and writes only under /data.
USER newskg
ENV NEWSKG_STORE=/data/store NEWSKG_DATA_DIR=/data
EXPOSE 5000
CMD ["newskg", "serve", "--host", "0.0.0.0", "--port", "5000"]
