# Sourced by test.sh: makes sure the command-line tools the tests call are installed, and fails loudly when one cannot
# be. promtool (Debian package `prometheus`) checks deploy/prometheus: the alert rules' syntax, their unit tests and
# the example configuration. Installed once; later runs find it on the PATH.

claw_install_package() {
  local sudo_cmd=""
  [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
  echo "test-tools: installing $1 from the OS packages (apt-get install $1)"
  $sudo_cmd apt-get update -qq
  # shellcheck disable=SC2086 # $1 may name several packages
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends $1 >/dev/null
}

if ! command -v promtool >/dev/null 2>&1; then
  claw_install_package prometheus
  command -v promtool >/dev/null 2>&1 || { echo "test-tools: promtool could not be installed" >&2; exit 1; }
fi
echo "test-tools: $(promtool --version 2>&1 | head -n 1)"

# Chromium (Debian package `chromium`) runs the operator console's browser tests (OperatorConsole/ConsoleBrowserTests),
# driven over the DevTools Protocol; CLAW_TEST_CHROMIUM names another Chromium or Chrome binary.
if [[ -z "${CLAW_TEST_CHROMIUM:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
  claw_install_package chromium
  command -v chromium >/dev/null 2>&1 || { echo "test-tools: chromium could not be installed" >&2; exit 1; }
fi
echo "test-tools: $("${CLAW_TEST_CHROMIUM:-chromium}" --version 2>/dev/null | head -n 1)"
