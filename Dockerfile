# syntax=docker/dockerfile:1
#
# One image for every wabus service; the command picks the app:
#   docker build -t wabus:local .
#   docker run wabus:local node dist/apps/sender/main.js
#
# The build stage runs what CI runs (`npm ci`, then package.json's `build`
# script: every Nx app bundled to dist/apps/<app>/main.js). The runtime stage
# holds the bundles, production node_modules (the bundles leave them external),
# tini, and nothing else; it runs as the unprivileged `node` user.
# deploy/src/dockerfile.spec.ts checks this file against the code.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: all apps -------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- production dependencies only -----------------------------------------
# --ignore-scripts: no compiler in a slim image, and no install-time telemetry;
# msgpackr falls back to its pure-JS decoder without msgpackr-extract.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime ---------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: a SIGTERM that arrives before a service has installed its own
# handler (while it waits for the migration lock, say) still stops it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps
# Files stay owned by root: the service user can read them, not change them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist/apps ./dist/apps
COPY docker/healthcheck.js ./docker/healthcheck.js
USER node
EXPOSE 3000 3001 3002 3003 3004 4010
# Liveness only (/healthz): /readyz also needs Redis and PostgreSQL, and a
# dependency outage should not make Docker restart every service.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "docker/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/gateway/main.js"]
