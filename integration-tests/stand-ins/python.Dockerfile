# Offline stand-in for the official python:<3.11|3.13>-slim image (Docker Hub is unreachable
# here). Built by stand-ins/build.sh on top of a debootstrapped Debian base; Debian's own
# Python takes the place of the official image's /usr/local build.
ARG BASE
FROM ${BASE}
ENV LANG=C.UTF-8

RUN apt-get update -qq \
 && apt-get install -qqy --no-install-recommends \
      python3 python3-pip python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*

# The machine reaches PyPI through a TLS-intercepting proxy whose CA only the host trusts.
# Added as a local CA (not by overwriting the bundle) so that a later
# `apt-get install ca-certificates` / update-ca-certificates in a user build keeps it.
COPY host-ca-bundle.crt /usr/local/share/ca-certificates/cog-host-ca-bundle.crt
RUN update-ca-certificates >/dev/null

# Behave like the official image: `python`/`pip` on PATH under /usr/local/bin, and no PEP 668
# marker, so `pip install` and `uv pip install` (UV_SYSTEM_PYTHON) write to the system Python.
RUN ln -sf /usr/bin/python3 /usr/local/bin/python \
 && ln -sf /usr/bin/pip3 /usr/local/bin/pip \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
 && python --version && pip --version

# Where each client looks for CAs (measured, see docs/testing.md): uv uses its own bundled
# roots unless SSL_CERT_FILE is set (or UV_NATIVE_TLS=1), so without this `uv pip install`
# fails with "invalid peer certificate: UnknownIssuer". Debian's pip reads the system store;
# a pip or requests installed from PyPI uses certifi unless PIP_CERT / REQUESTS_CA_BUNDLE.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    PIP_DISABLE_PIP_VERSION_CHECK=1

ARG RECIPE
LABEL org.cogtest.stand-in=true org.cogtest.stand-in.recipe=${RECIPE}
CMD ["python3"]
