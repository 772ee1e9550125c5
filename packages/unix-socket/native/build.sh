#!/usr/bin/env bash
# Rebuilds the addon from binding.cc with the host's Node headers (no download) and installs it as this
# platform's prebuilt binary (prebuilds/linux-<arch>/node.napi.node), which node-gyp-build loads.
# Needs g++, make and node-addon-api (a devDependency). binding.gyp lives here, not at the package root, so
# that npm never runs node-gyp on a consumer's install.
set -euo pipefail
cd "$(dirname "$0")"
node-gyp rebuild --nodedir="${NODE_DIR:-/usr}"
arch=$(node -p 'process.arch')
mkdir -p "../prebuilds/linux-$arch"
cp build/Release/unix_socket_binding.node "../prebuilds/linux-$arch/node.napi.node"
rm -rf build
echo "built prebuilds/linux-$arch/node.napi.node"
