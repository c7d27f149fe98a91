#!/usr/bin/env bash
# The test command (README "Test"; CI runs exactly this): provides what the tests need on
# a fresh machine, then runs the whole build with its tests.
#
# The dashboard test drives a real headless Chromium through chromedriver. Where apt is
# available and they are missing, Debian's chromium and chromium-driver are installed
# (with sudo when not root); elsewhere Selenium Manager fetches a Chrome for Testing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	if command -v apt-get >/dev/null; then
		SUDO=""
		if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
		echo "installing Debian's chromium and chromium-driver for the dashboard's browser test"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
	else
		echo "no chromium/chromedriver and no apt: Selenium Manager will fetch a browser for the dashboard test"
	fi
fi

exec ./mvnw -B -ntp verify "$@"
