FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY ontology ./ontology
COPY queries ./queries
RUN pip install --no-cache-dir -e '.[model]'
EXPOSE 5000
CMD ["newskg", "serve", "--host", "0.0.0.0", "--port", "5000"]
