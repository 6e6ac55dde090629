#!/usr/bin/env bash
# Installs (or updates) zioinfo-mail on a Debian server that already runs Postfix and Dovecot:
# the static backend binary, the SPA, the systemd unit, the nginx site on 8025, the service
# account and /etc/zioinfo-mail/env with generated keys. Safe to run again: it never overwrites
# existing keys or settings, and reloads nginx only after `nginx -t` accepted the new site.
#
#   sudo deploy/install.sh                      build (scripts/build-release) and install
#   sudo deploy/install.sh --binary B --dist D  install a binary and SPA built elsewhere
#   DESTDIR=/tmp/root deploy/install.sh --binary B --dist D
#                                               lay the files down under /tmp/root only (packaging,
#                                               tests): no account, no service, nginx, ufw or verify
#   --database-url URL   the state store (ZM_DATABASE_URL): default SQLite (sqlite: under
#                        /var/lib/zioinfo-mail); postgres://user:password@host:port/db?sslmode=verify-full
#                        for several instances (docs/deploy.md §9). Written into the env file; the
#                        environment's ZM_DATABASE_URL does the same and keeps the password out of `ps`
#   --files-dir DIR      ZM_FILES_DIR (uploads): the mount that several instances share
#
# Settings: DEPLOY_* (see deploy/lib/common.sh), from the environment or /etc/zioinfo-mail/deploy.conf,
# which the first run writes. A new env file takes ZM_* values from the environment when set.
# The final `zioinfo-mail verify` logs in when DEPLOY_VERIFY_USER and DEPLOY_VERIFY_PASSWORD_FILE
# are set; DEPLOY_VERIFY_CA_FILE is the CA that signed the nginx certificate if it is not public.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DEPLOY_LOG_TAG=install
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

binary="" dist="" build=1
database_url="${ZM_DATABASE_URL:-}" files_dir="${ZM_FILES_DIR:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="${2:?--binary needs a path}"; build=0; shift 2 ;;
        --dist) dist="${2:?--dist needs a folder}"; shift 2 ;;
        --database-url) database_url="${2:?--database-url needs a URL}"; shift 2 ;;
        --files-dir) files_dir="${2:?--files-dir needs a folder}"; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) usage 0 ;;
        *) deploy_log "unknown argument: $1"; usage 2 ;;
    esac
done

# Checked before anything is installed. The URL is never echoed: it holds the database password.
if [ -n "$database_url" ]; then
    [[ "$database_url" =~ ^(sqlite:|postgres://|postgresql://) ]] \
        || deploy_die "--database-url must start with sqlite:, postgres:// or postgresql:// (see docs/deploy.md §9)"
    [[ "$database_url" =~ ^[[:graph:]]+$ ]] || deploy_die "--database-url must not contain spaces or control characters"
fi
if [ -n "$files_dir" ]; then
    [[ "$files_dir" =~ ^/[[:graph:]]*$ ]] || deploy_die "--files-dir must be an absolute path without spaces"
fi

DESTDIR="${DESTDIR:-}"
DESTDIR="${DESTDIR%/}"
staging=0; [ -n "$DESTDIR" ] && staging=1
deploy_load_settings
root() { printf '%s%s' "$DESTDIR" "$1"; }   # a target path under DESTDIR

# --- 1. build ------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
    deploy_log "building the release binary and the SPA (scripts/build-release)"
    "$REPO/scripts/build-release"
    binary="$REPO/.build/release/zioinfo-mail"
    [ -n "$dist" ] || { [ -d "$REPO/frontend/dist" ] && dist="$REPO/frontend/dist"; }
fi
[ -n "$binary" ] || binary="$REPO/.build/release/zioinfo-mail"
[ -x "$binary" ] || deploy_die "no executable backend binary at $binary (build it or pass --binary)"
[ -z "$dist" ] || [ -f "$dist/index.html" ] || deploy_die "$dist has no index.html: not a built SPA"

# --- 2. the backend binary (the previous one is kept as .prev for the hook's rollback) -------
bin_dir="$(root "$DEPLOY_BACKEND_DIR")"
install -d -m 0755 "$bin_dir"
target="$bin_dir/zioinfo-mail"
if [ -f "$target" ] && cmp -s "$binary" "$target"; then
    deploy_log "backend binary unchanged"
else
    [ -f "$target" ] && cp -p "$target" "$target.prev"
    # Copy then rename: a running service keeps its old inode, nothing sees a half-written file.
    install -m 0755 "$binary" "$target.new"
    mv -f "$target.new" "$target"
    deploy_log "installed $DEPLOY_BACKEND_DIR/zioinfo-mail"
fi

# The deploy hook and its library, outside the git checkout it pulls into (so a pull never
# rewrites the script that is running); Gitea's webhook receiver calls this copy.
install -D -m 0755 "$HERE/hook" "$bin_dir/deploy/hook"
install -D -m 0644 "$HERE/lib/common.sh" "$bin_dir/deploy/lib/common.sh"

# --- 3. the SPA ------------------------------------------------------------------------------
web_root="$(root "$DEPLOY_WEB_ROOT")"
if [ -n "$dist" ]; then
    install -d -m 0755 "$(dirname "$web_root")"
    rm -rf "$web_root.new"
    cp -R "$dist" "$web_root.new"
    chmod -R u=rwX,go=rX "$web_root.new"
    # Keep the previous files alongside: a browser that still runs the old index.html can load
    # its hashed chunks while it lives. The hook prunes .prev on its next run.
    if [ -d "$web_root" ]; then
        rm -rf "$web_root.prev"
        mv "$web_root" "$web_root.prev"
    fi
    mv "$web_root.new" "$web_root"
    deploy_log "installed the SPA to $DEPLOY_WEB_ROOT"
else
    install -d -m 0755 "$web_root"
    deploy_log "no built SPA given (frontend/dist missing): $DEPLOY_WEB_ROOT left as it is"
fi

# --- 4. the service account --------------------------------------------------------------------
install -D -m 0644 "$HERE/systemd/zioinfo-mail.sysusers" "$(root /usr/lib/sysusers.d/zioinfo-mail.conf)"
if [ "$staging" = 0 ] && ! id -u "$DEPLOY_SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /var/lib/zioinfo-mail \
        --shell /usr/sbin/nologin --comment "zioinfo-mail webmail backend" "$DEPLOY_SERVICE_USER"
    deploy_log "created the system account $DEPLOY_SERVICE_USER"
fi
state_dir="$(root /var/lib/zioinfo-mail)"
install -d -m 0700 "$state_dir"
[ "$staging" = 0 ] && chown "$DEPLOY_SERVICE_USER:" "$state_dir"
install -d -m 0750 "$(root "$DEPLOY_LOG_DIR")"

# --- 5. /etc/zioinfo-mail: env (backend settings + keys) and deploy.conf ----------------------
conf_dir="$(root "$DEPLOY_CONFIG_DIR")"
install -d -m 0755 "$conf_dir"
env_file="$conf_dir/env"
# With several instances DEPLOY_BACKEND_ADDRESS lists them all (nginx's upstream); this host's own
# instance is the first.
local_backend="${DEPLOY_BACKEND_ADDRESS%%,*}"
other_backends="${DEPLOY_BACKEND_ADDRESS#"$local_backend"}"
env_value() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }
# An existing env file keeps its values: a different state store there is an operator's choice to
# change by hand (moving from SQLite to PostgreSQL starts from an empty store: docs/deploy.md §9).
for setting in "ZM_DATABASE_URL:$database_url" "ZM_FILES_DIR:$files_dir"; do
    name="${setting%%:*}" wanted="${setting#*:}"
    [ -n "$wanted" ] && [ -f "$env_file" ] || continue
    present="$(env_value "$name")"
    [ -z "$present" ] || [ "$present" = "$wanted" ] \
        || deploy_die "$DEPLOY_CONFIG_DIR/env already sets a different $name: edit it there (nothing was changed)"
done
(
    umask 077
    if [ ! -f "$env_file" ]; then
        http_port="${local_backend##*:}"
        ca_line="#ZM_CA_FILE=/etc/ssl/guardia/ca.crt"
        [ -n "${ZM_CA_FILE:-}" ] && ca_line="ZM_CA_FILE=$ZM_CA_FILE"
        cat > "$env_file" <<ENV
# zioinfo-mail backend settings (ZM_*, see README). Read by systemd (EnvironmentFile) as root.
# Created by deploy/install.sh; re-running it never changes a value here, it only adds missing keys.
ZM_HTTP_HOST=127.0.0.1
ZM_HTTP_PORT=$http_port
# Dovecot (IMAPS) and Postfix (submission). The host name must match the mail server's
# certificate (/etc/ssl/guardia/server.crt), which is why it is not "localhost".
ZM_IMAP_HOST=${ZM_IMAP_HOST:-$DEPLOY_SERVER_NAME}
ZM_IMAP_PORT=${ZM_IMAP_PORT:-993}
ZM_IMAP_TLS=${ZM_IMAP_TLS:-implicit}
ZM_SMTP_HOST=${ZM_SMTP_HOST:-$DEPLOY_SERVER_NAME}
ZM_SMTP_PORT=${ZM_SMTP_PORT:-587}
ZM_SMTP_TLS=${ZM_SMTP_TLS:-starttls}
# The CA that signed the mail server's certificate, when it is not a public one.
$ca_line
ZM_MAIL_DOMAIN=${ZM_MAIL_DOMAIN:-zioinfo.co.kr}
ZM_STATE_DIR=/var/lib/zioinfo-mail
ZM_STATIC_DIR=$DEPLOY_WEB_ROOT
ZM_MAX_MESSAGE_BYTES=$DEPLOY_MAX_MESSAGE_BYTES
# The state store: SQLite under ZM_STATE_DIR unless set (--database-url; docs/deploy.md §9).
#ZM_DATABASE_URL=postgres://zioinfo_mail:PASSWORD@db.zioinfo.co.kr:5432/zioinfo_mail?sslmode=verify-full
ENV
        deploy_log "created $DEPLOY_CONFIG_DIR/env"
    fi
    if [ -n "$database_url" ] && [ -z "$(env_value ZM_DATABASE_URL)" ]; then
        printf 'ZM_DATABASE_URL=%s\n' "$database_url" >> "$env_file"
        deploy_log "set ZM_DATABASE_URL (${database_url%%:*})"
    fi
    if [ -n "$files_dir" ] && [ -z "$(env_value ZM_FILES_DIR)" ]; then
        printf 'ZM_FILES_DIR=%s\n' "$files_dir" >> "$env_file"
        deploy_log "set ZM_FILES_DIR=$files_dir"
    fi
    # Keys: generated once, never replaced (replacing them logs every user out; see docs/deploy.md
    # "Key rotation"). ZM_JWT_KEY signs tokens, ZM_SEAL_KEY (AES-256) seals the IMAP password.
    if ! grep -q '^ZM_JWT_KEY=' "$env_file"; then
        printf 'ZM_JWT_KEY=%s\n' "$(head -c 48 /dev/urandom | base64 -w0)" >> "$env_file"
        deploy_log "generated ZM_JWT_KEY"
    fi
    if ! grep -q '^ZM_SEAL_KEY=' "$env_file"; then
        printf 'ZM_SEAL_KEY=%s\n' "$(head -c 32 /dev/urandom | base64 -w0)" >> "$env_file"
        deploy_log "generated ZM_SEAL_KEY"
    fi
    chmod 0600 "$env_file"
    if [ ! -f "$conf_dir/deploy.conf" ]; then
        deploy_print_settings > "$conf_dir/deploy.conf"
        chmod 0644 "$conf_dir/deploy.conf"
        deploy_log "wrote $DEPLOY_CONFIG_DIR/deploy.conf"
    fi
)

# The backend's own settings win: nginx must forward to the port it listens on and allow the
# message size it accepts, even when someone changed them in env and not in deploy.conf.
env_port="$(env_value ZM_HTTP_PORT)"
env_max="$(env_value ZM_MAX_MESSAGE_BYTES)"
[[ "$env_port" =~ ^[0-9]+$ ]] && local_backend="${local_backend%:*}:$env_port"
DEPLOY_BACKEND_ADDRESS="$local_backend$other_backends"
[[ "$env_max" =~ ^[0-9]+$ ]] && DEPLOY_MAX_MESSAGE_BYTES="$env_max"
export DEPLOY_BACKEND_ADDRESS DEPLOY_MAX_MESSAGE_BYTES

# --- 6. the systemd unit -------------------------------------------------------------------------
unit="$(root "$DEPLOY_SYSTEMD_DIR")/$DEPLOY_SERVICE.service"
install -d -m 0755 "$(dirname "$unit")"
sed -e "s|/opt/mail/backend/|$DEPLOY_BACKEND_DIR/|g" \
    -e "s|^EnvironmentFile=/etc/zioinfo-mail/env|EnvironmentFile=$DEPLOY_CONFIG_DIR/env|" \
    -e "s|^User=zioinfo-mail|User=$DEPLOY_SERVICE_USER|" -e "s|^Group=zioinfo-mail|Group=$DEPLOY_SERVICE_USER|" \
    -e "s|127.0.0.1:8026|$local_backend|" \
    "$HERE/systemd/zioinfo-mail.service" > "$unit.new"
chmod 0644 "$unit.new"
mv -f "$unit.new" "$unit"

# --- 7. the nginx site -----------------------------------------------------------------------
nginx_dir="$(root "$DEPLOY_NGINX_DIR")"
install -d -m 0755 "$nginx_dir/sites-available" "$nginx_dir/sites-enabled" "$nginx_dir/snippets"
site="$nginx_dir/sites-available/zioinfo-mail"
enabled="$nginx_dir/sites-enabled/zioinfo-mail"
snippet="$nginx_dir/snippets/zioinfo-mail-headers.conf"
[ -f "$site" ] && cp -p "$site" "$site.prev"
[ -f "$snippet" ] && cp -p "$snippet" "$snippet.prev"
DEPLOY_HEADERS_FILE="$DEPLOY_NGINX_DIR/snippets/zioinfo-mail-headers.conf" "$HERE/render-nginx-site" > "$site.new"
install -m 0644 "$HERE/nginx/zioinfo-mail-headers.conf" "$snippet"
chmod 0644 "$site.new"
mv -f "$site.new" "$site"
had_link=0; [ -L "$enabled" ] && had_link=1
ln -sfn "$DEPLOY_NGINX_DIR/sites-available/zioinfo-mail" "$enabled"

if [ "$staging" = 1 ]; then
    deploy_log "staged into $DESTDIR (no account, service, nginx reload, firewall or verify)"
    exit 0
fi

# --- 8. activate: nginx (tested first), firewall, service, verification ----------------------
if command -v nginx >/dev/null; then
    if ! nginx_check="$(nginx -t 2>&1)"; then
        printf '%s\n' "$nginx_check" | sed 's/^/[nginx -t] /' >&2
        deploy_log "nginx rejected the new site: putting the previous one back, nothing reloaded"
        if [ -f "$site.prev" ]; then mv -f "$site.prev" "$site"; else rm -f "$site"; fi
        if [ -f "$snippet.prev" ]; then mv -f "$snippet.prev" "$snippet"; fi
        [ "$had_link" = 1 ] || rm -f "$enabled"
        exit 1
    fi
    if deploy_systemd_running; then systemctl reload-or-restart nginx; else nginx -s reload 2>/dev/null || nginx; fi
    deploy_log "nginx reloaded"
else
    deploy_log "nginx is not installed (apt-get install nginx-light): site written, not active"
fi

if command -v ufw >/dev/null; then
    ufw allow "${DEPLOY_LISTEN##*:}/tcp" >/dev/null && deploy_log "ufw: ${DEPLOY_LISTEN##*:}/tcp allowed"
fi

if deploy_systemd_running; then
    systemctl daemon-reload
    systemctl enable "$DEPLOY_SERVICE" >/dev/null 2>&1
    systemctl restart "$DEPLOY_SERVICE"
    deploy_log "service $DEPLOY_SERVICE enabled and restarted"
else
    deploy_log "systemd is not running here: start $DEPLOY_BACKEND_DIR/zioinfo-mail serve yourself"
fi

verify_args=(verify --api-url "http://$local_backend" --service "$DEPLOY_SERVICE"
             --nginx-url "https://$DEPLOY_SERVER_NAME:${DEPLOY_LISTEN##*:}/"
             --output "$DEPLOY_LOG_DIR/deploy-result.json")
[ -n "${DEPLOY_VERIFY_CA_FILE:-}" ] && verify_args+=(--ca-file "$DEPLOY_VERIFY_CA_FILE")
[ -n "${DEPLOY_VERIFY_USER:-}" ] && verify_args+=(--user "$DEPLOY_VERIFY_USER")
[ -n "${DEPLOY_VERIFY_PASSWORD_FILE:-}" ] && verify_args+=(--password-file "$DEPLOY_VERIFY_PASSWORD_FILE")
deploy_log "zioinfo-mail ${verify_args[*]}"
"$DEPLOY_BACKEND_DIR/zioinfo-mail" "${verify_args[@]}"
