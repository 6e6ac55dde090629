# Shared by deploy/install.sh, deploy/hook and deploy/render-nginx-site (sourced, not run).
#
# Deployment settings are plain shell variables with a DEPLOY_ prefix (never ZM_: those are the
# backend's own settings, and the backend rejects ZM_ keys it does not know). Precedence:
# the caller's environment, then /etc/zioinfo-mail/deploy.conf (written by the first install),
# then the production defaults of mail.zioinfo.co.kr below.

deploy_log() { printf '[%s] %s\n' "${DEPLOY_LOG_TAG:-deploy}" "$*" >&2; }
deploy_die() { deploy_log "ERROR: $*"; exit 1; }

# The settings and their defaults, in the order deploy.conf lists them.
DEPLOY_SETTINGS=(
    "DEPLOY_BACKEND_DIR=/opt/mail/backend"        # the zioinfo-mail binary (and its .prev for rollback)
    "DEPLOY_WEB_ROOT=/var/www/mail"               # the built SPA that nginx serves
    "DEPLOY_SOURCE_DIR=/opt/mail/src"             # the git checkout the hook pulls and builds
    "DEPLOY_BRANCH=main"                          # the branch the hook deploys
    "DEPLOY_CONFIG_DIR=/etc/zioinfo-mail"         # env (ZM_* settings, keys) and deploy.conf
    "DEPLOY_LOG_DIR=/var/log/zioinfo-mail"        # deploy-result.json and the hook's log
    "DEPLOY_SERVICE=zioinfo-mail"                 # systemd unit name
    "DEPLOY_SERVICE_USER=zioinfo-mail"            # the unprivileged account of the unit
    "DEPLOY_SERVER_NAME=mail.zioinfo.co.kr"
    "DEPLOY_LISTEN=8025"                          # nginx listen (port or address:port)
    "DEPLOY_TLS_CERT=/etc/ssl/guardia/server.crt"
    "DEPLOY_TLS_KEY=/etc/ssl/guardia/server.key"
    "DEPLOY_BACKEND_ADDRESS=127.0.0.1:8026"       # where nginx finds zioinfo-mail serve
    "DEPLOY_MAX_MESSAGE_BYTES=26214400"           # = ZM_MAX_MESSAGE_BYTES (the API's send limit, 25 MiB)
    "DEPLOY_NGINX_DIR=/etc/nginx"                 # sites-available, sites-enabled, snippets
    "DEPLOY_SYSTEMD_DIR=/etc/systemd/system"
    "DEPLOY_HEALTH_URL=http://127.0.0.1:8026/health"
    "DEPLOY_HEALTH_TIMEOUT=30"                    # seconds the health check waits after a restart
    # deploy/hook only: how it builds and restarts (run with bash -c in DEPLOY_SOURCE_DIR)
    "DEPLOY_BUILD_BACKEND=swift build -c release --static-swift-stdlib --product zioinfo-mail"
    "DEPLOY_BUILT_BINARY=.build/release/zioinfo-mail"
    "DEPLOY_BUILD_SPA=node frontend/build.mjs"
    "DEPLOY_BUILT_SPA=frontend/dist"
    "DEPLOY_RESTART=systemctl restart zioinfo-mail"
)

# Sets every DEPLOY_* setting: environment first, then $DESTDIR/etc/zioinfo-mail/deploy.conf,
# then the default. deploy.conf is parsed (KEY=value lines), never sourced, so it cannot run code.
deploy_load_settings() {
    local conf="${DESTDIR:-}${DEPLOY_CONFIG_DIR:-/etc/zioinfo-mail}/deploy.conf"
    local entry name default line key value
    declare -gA DEPLOY_FROM_FILE=()
    if [ -r "$conf" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            line="${line%%#*}"
            [[ "$line" =~ ^[[:space:]]*(DEPLOY_[A-Z_]+)=(.*)$ ]] || continue
            key="${BASH_REMATCH[1]}"; value="${BASH_REMATCH[2]}"
            value="${value%"${value##*[![:space:]]}"}"
            value="${value#\"}"; value="${value%\"}"
            DEPLOY_FROM_FILE[$key]="$value"
        done < "$conf"
    fi
    for entry in "${DEPLOY_SETTINGS[@]}"; do
        name="${entry%%=*}"; default="${entry#*=}"
        if [ -z "${!name:-}" ]; then
            if [ -n "${DEPLOY_FROM_FILE[$name]:-}" ]; then
                printf -v "$name" '%s' "${DEPLOY_FROM_FILE[$name]}"
            else
                printf -v "$name" '%s' "$default"
            fi
        fi
        export "${name?}"
    done
}

# Prints the settings as deploy.conf lines.
deploy_print_settings() {
    local entry name
    echo "# zioinfo-mail deployment settings, read by deploy/install.sh and deploy/hook."
    echo "# Edit and re-run install.sh to apply (see docs/deploy.md). KEY=value, no shell code."
    for entry in "${DEPLOY_SETTINGS[@]}"; do
        name="${entry%%=*}"
        printf '%s=%s\n' "$name" "${!name}"
    done
}

# Milliseconds since the epoch (for step timings).
deploy_now_ms() { date +%s%3N; }

# A JSON string literal for arbitrary text (quotes, backslashes, control characters escaped).
deploy_json_string() {
    local s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            '"') out+='\"' ;;
            '\') out+='\\' ;;
            $'\n') out+='\n' ;;
            $'\r') out+='\r' ;;
            $'\t') out+='\t' ;;
            *)
                if [[ "$c" < ' ' ]]; then printf -v c '\\u%04x' "'$c"; fi
                out+="$c" ;;
        esac
    done
    printf '"%s"' "$out"
}

# True when systemd is the running init (the sd_booted() test).
deploy_systemd_running() { [ -d /run/systemd/system ]; }
