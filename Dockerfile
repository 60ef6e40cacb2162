# opsdesk in production: `docker build -t opsdesk .` then see docs/production.md.
# Stages: `build` compiles TypeScript with the dev dependencies; `crypto-1` compiles Matrix's
# end-to-end encryption binding from the vendored Rust sources as .ci/build-crypto.sh does
# (`--build-arg MATRIX_E2EE=0` picks the empty `crypto-0` instead, and BuildKit skips the compile);
# the runtime stage has only the production dependencies, runs as an unprivileged user and reports
# its health.
ARG MATRIX_E2EE=1

# @matrix-org/matrix-sdk-crypto-nodejs 0.4.0 (what matrix-bot-sdk 0.8 requires): its npm package
# has neither the binary nor its sources, and its install script downloads the binary from GitHub.
# Built here with cargo (rustc >= 1.77, every crate from crates.io at the Cargo.lock versions), for
# the architecture the image is built on, under the name the package loads.
FROM rust:1.83-bookworm AS crypto-1
WORKDIR /src
COPY .ci/matrix-sdk-crypto-nodejs ./
RUN cargo build --release --locked \
 && case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "no crypto binding for $(uname -m)"; exit 1 ;; esac \
 && mkdir -p /out \
 && strip --strip-unneeded -o "/out/matrix-sdk-crypto.linux-$arch-gnu.node" target/release/libmatrix_sdk_crypto_nodejs.so \
 && rm -rf target

# Without end-to-end encryption: nothing to add.
FROM busybox:stable AS crypto-0
RUN mkdir -p /out

FROM crypto-${MATRIX_E2EE} AS crypto

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
# The restart bench (test/bench/restart.ts) drives the fault tests' processes and a Matrix client.
COPY test/faults ./test/faults
COPY test/e2e/matrix/matrix-user.ts ./test/e2e/matrix/matrix-user.ts
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    OPSDESK_CONFIG=/etc/opsdesk/opsdesk.yaml
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY fixtures/opsdesk.example.yaml /etc/opsdesk/opsdesk.yaml
# End-to-end encryption for Matrix: the binding built in the crypto stage, where the package looks
# for it (none with MATRIX_E2EE=0: opsdesk then answers in unencrypted rooms and says in encrypted
# ones that it cannot read them).
COPY --from=crypto /out/ ./node_modules/@matrix-org/matrix-sdk-crypto-nodejs/
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
# --max-semi-space-size=2 (test/bench/node-flags.ts): a young generation of 2 MiB semi-spaces instead of Node 24's
# default (up to 64 MiB each, sized for throughput). An idle bot keeps about 20 MiB less, and a 1,000-target
# deployment no longer grows RSS by ~130 MiB (docs/production.md, "Memory"; docs/benchmarks.md).
ENTRYPOINT ["node", "--max-semi-space-size=2", "dist/src/cli.js"]
CMD ["start"]
