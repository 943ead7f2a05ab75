# Sourced by test.sh after test-tools.sh: the ClawBot README's Python client (ClawBot/PythonClientTests) runs with the system python3 and
# the Debian packages python3-requests and python3-websockets (and the node identity test's python3-nacl); they are installed when missing (needs root or sudo).
# CLAW_TEST_PYTHON names another interpreter that has both modules.

claw_python=${CLAW_TEST_PYTHON:-/usr/bin/python3}
if ! "$claw_python" -c "import requests, websockets, nacl" >/dev/null 2>&1; then
  claw_install_package "python3 python3-requests python3-websockets python3-nacl" # claw_install_package: scripts/test-tools.sh
  claw_python=/usr/bin/python3
  "$claw_python" -c "import requests, websockets, nacl" || { echo "test-python: the modules could not be installed" >&2; exit 1; }
fi

export CLAW_TEST_PYTHON="$claw_python"
echo "test-python: $("$claw_python" --version) with requests, websockets and nacl"
