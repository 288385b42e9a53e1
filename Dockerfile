# translate serve in a container: the LibreTranslate-compatible API, the model mounted, not baked in.
#
#   docker build -t translate .            # add --build-arg TORCH_INDEX_URL=... for PyTorch's CPU-only wheels
#   docker run --rm -p 5000:5000 -v ~/.cache/huggingface:/models translate
#
# The model is read from the Hugging Face cache mounted at /models (HF_HOME), offline; put it there
# first with `translate model fetch` on a machine that can download, or mount a Marian directory and
# pass --model /models/DIR. Behind a reverse proxy, add its name and address to the command:
#   docker run ... translate translate serve --host 0.0.0.0 --forwarded-allow-ips 172.17.0.1 --root-path /mt
FROM python:3.11-slim

ARG TORCH_INDEX_URL=
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 HF_HOME=/models HF_HUB_OFFLINE=1 TRANSLATE_CACHE=/cache

RUN pip install torch==2.13.0 ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}
COPY pyproject.toml README.md /app/
COPY translate /app/translate
RUN pip install /app && useradd --create-home --uid 10001 translate && mkdir -p /cache && chown translate /cache

USER translate
EXPOSE 5000
VOLUME ["/models", "/cache"]
# --host 0.0.0.0: inside a container every interface is the container's own; the Host check is off
# there (the published port is reached under any name). SIGTERM from `docker stop` lets requests finish.
CMD ["translate", "serve", "--host", "0.0.0.0", "--port", "5000", "--log-format", "json", "--metrics"]
