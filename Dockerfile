# Jumys Bot: `docker build -t jumys-bot .`, then see docker-compose.example.yml.
# The database lives in the volume /data; the bot runs as an unprivileged user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY handlers ./handlers
COPY locales ./locales
# Install, then compile the kk and ru catalogues into the installed package, so that the bot
# (which may not write there) finds them ready. From /: in /app, `python -c` would import the
# source copy and compile into /app/locales, which the installed bot never reads.
RUN pip install . \
    && cd / \
    && python -c "from bot.i18n import compile_catalogs; print(compile_catalogs())" \
    && python -c "from locales import LOCALES_DIR as d; assert len(list(d.glob('*/LC_MESSAGES/*.mo'))) == 2, d"

RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin jumys \
    && mkdir -p /data && chown jumys:jumys /data
VOLUME ["/data"]
ENV JUMYS_DB=/data/jumys.sqlite3
USER jumys
WORKDIR /data

# Healthy: in touch with Telegram (polling or webhook) and the database answers.
HEALTHCHECK --interval=60s --timeout=15s --start-period=60s --retries=3 CMD ["jumys", "health"]

# Migrations first (safe to repeat), then the bot; arguments are passed on to `jumys run`,
# e.g. `docker run ... jumys-bot --webhook`.
ENTRYPOINT ["sh", "-c", "jumys migrate && exec jumys run \"$@\"", "jumys"]
CMD []
