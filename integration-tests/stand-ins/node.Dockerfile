# Offline stand-in for the official node:24-slim image. Python models take only
# /usr/local/bin/node from it (COPY --from); TypeScript/JavaScript models are built FROM it and
# run `npm ci`, so it has npm where the official image has it, and the host's CA (the machine
# reaches the npm registry through a TLS-intercepting proxy; see python.Dockerfile).
ARG BASE
FROM ${BASE}
COPY node /usr/local/bin/node
COPY npm.tgz /tmp/npm.tgz
RUN mkdir -p /usr/local/lib/node_modules/npm \
 && tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1 \
 && rm /tmp/npm.tgz \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
COPY host-ca-bundle.crt /usr/local/share/ca-certificates/cog-host-ca-bundle.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/cog-host-ca-bundle.crt
RUN node --version && npm --version
ARG RECIPE
LABEL org.cogtest.stand-in=true org.cogtest.stand-in.recipe=${RECIPE}
CMD ["node"]
