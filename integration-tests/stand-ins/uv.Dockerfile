# Offline stand-in for ghcr.io/astral-sh/uv:<version>: like the official image, a scratch
# image holding the static /uv and /uvx binaries (taken from the PyPI wheel of uv).
FROM scratch
COPY uv uvx /
ARG RECIPE
LABEL org.cogtest.stand-in=true org.cogtest.stand-in.recipe=${RECIPE}
ENTRYPOINT ["/uv"]
