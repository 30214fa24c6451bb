# The project image: gateway, inbox worker, scheduler and action server (Python 3.13).
# The base image is pinned to the Python the project is tested on; bump it with uv.lock.
FROM python:3.13.0-slim-bookworm AS build
ENV UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PROJECT_ENVIRONMENT=/app/.venv PIP_NO_CACHE_DIR=1
RUN pip install "uv==0.13.9"
WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY bot bot
COPY actions actions
COPY crm_core crm_core
COPY connectors connectors
COPY texts texts
COPY domain.yml config.yml ./
RUN uv sync --frozen --no-dev

FROM python:3.13.0-slim-bookworm
RUN useradd --create-home --uid 10001 rumbo && mkdir -p /app/var && chown rumbo /app/var
COPY --from=build /app /app
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PORT=8000
USER rumbo
EXPOSE 8000 5055
# compose.yaml and the Procfile choose the process; the gateway is the default.
CMD ["rumbo", "serve"]
