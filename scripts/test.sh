#!/usr/bin/env bash
# The test command (README "Test"; CI runs exactly this): provides what the tests need on
# a fresh machine, then runs the whole build with its tests.
#
# - The dashboard test drives a real headless Chromium through chromedriver. Where apt is
#   available and they are missing, Debian's chromium and chromium-driver are installed;
#   elsewhere Selenium Manager fetches a Chrome for Testing.
# - The Terraform check reads the google provider's schema from its npm package (npm
#   pack): where npm is missing and apt is available, Debian's npm is installed.
# Packages are installed with sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
packages=()
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
	packages+=(chromium chromium-driver)
fi
if ! command -v npm >/dev/null; then
	packages+=(npm)
fi
if [ ${#packages[@]} -gt 0 ]; then
	if command -v apt-get >/dev/null; then
		echo "installing Debian's ${packages[*]} for the tests (browser test, provider schema check)"
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
	else
		echo "missing ${packages[*]} and no apt: Selenium Manager fetches a browser; install npm for the infra tests"
	fi
fi

exec ./mvnw -B -ntp verify "$@"
