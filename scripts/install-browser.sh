#!/bin/sh
# Install what the browser tests need on Debian: headless Chromium, and a CJK font
# (without one, Chinese labels render as empty boxes). Does nothing when both are present.
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    missing="$missing fonts-noto-cjk"
fi

if [ -z "$missing" ]; then
    echo "chromium and a CJK font are already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "missing:$missing; installing chromium and fonts-noto-cjk"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk
