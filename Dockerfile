# A first version: one image, one port, one data volume.
ARG BASE_IMAGE=node:20-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
ENV COREPACK_ENABLE_DOWNLOAD_PROMPT=0 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN corepack pnpm install --frozen-lockfile \
 && corepack pnpm turbo run build --filter=@keepsake/api --filter=@keepsake/web \
 && corepack pnpm prune --prod

FROM ${BASE_IMAGE}
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# Two allocator arenas, as `npm start` sets (scripts/lib/workspace.mjs): less memory kept after
# many uploads at once.
ENV NODE_ENV=production KEEPSAKE_DATA_DIR=/data KEEPSAKE_PORT=8266 MALLOC_ARENA_MAX=2
VOLUME /data
EXPOSE 8266
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:8266/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
USER node
CMD ["node", "apps/api/dist/main.js"]
