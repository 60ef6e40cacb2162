# opsdesk in production: `docker build -t opsdesk .` then see docs/production.md.
# Two stages: the build stage compiles TypeScript with the dev dependencies; the runtime stage has
# only the production dependencies, runs as an unprivileged user and reports its health.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY adapters ./adapters
COPY jobs ./jobs
COPY test/bench ./test/bench
COPY test/support ./test/support
COPY test/platforms ./test/platforms
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    OPSDESK_CONFIG=/etc/opsdesk/opsdesk.yaml
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures/opsdesk.example.yaml /etc/opsdesk/opsdesk.yaml
# End-to-end encryption for Matrix needs the crypto binding's native library, downloaded from
# GitHub by its own script (npm does not run it). Optional: without it opsdesk still answers in
# unencrypted rooms and says so in encrypted ones. Build with --build-arg MATRIX_E2EE=0 to skip.
ARG MATRIX_E2EE=1
RUN if [ "$MATRIX_E2EE" = "1" ]; then \
      cd node_modules/@matrix-org/matrix-sdk-crypto-nodejs && node download-lib.js \
      || echo "Matrix crypto binding not downloaded: encrypted rooms will be unavailable"; \
    fi
RUN mkdir -p /data && chown node:node /data
# Private key files mounted in (deploy.ssh.privateKeyFile, the bot's signing key) must belong to
# this user (uid 1000) with mode 0600, or opsdesk refuses them; the bot key's passphrase is
# OPSDESK_BOT_KEY_PASSPHRASE (release keys and their passphrase never belong in this container).
USER node
VOLUME ["/data"]
# /healthz, /readyz and /metrics (set http.host to 0.0.0.0 in the config to scrape from outside).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8080/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start"]
