#!/usr/bin/env bash
# Builds the image of the node container (lib/node-container/): a Debian bookworm minbase root
# filesystem that boots real systemd (journald, sshd, sudo, nftables, systemd-run timers), made with
# mmdebstrap from Debian's packages and `podman import`ed (no registry needed), plus the node layer
# (lib/node-container/node/Containerfile: users, units, sshd and sudo settings) built on it locally.
# Cached: the rootfs tarball is kept in the cache dir (keyed by the package list: ~1-7 min to make,
# depending on the mirror), the base image by the same key, the node image by the key plus the
# layer's files; a rerun with the image present takes well under a second. Prints the image tag last.
#   ARCHY_NODE_IMAGE_CACHE  where the tarball is kept (default ~/.cache/archy-e2e)
#   ARCHY_DEBIAN_MIRROR     Debian mirror (default: the first URIs: of /etc/apt/sources.list.d/debian.sources)
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES="systemd,systemd-sysv,dbus,openssh-server,sudo,nftables,procps,libstdc++6,ca-certificates,curl,iproute2"
SUITE=bookworm
LAYER_DIR=lib/node-container/node
base_key=$(printf '%s %s' "$PACKAGES" "$SUITE" | sha256sum | cut -c1-12)
layer_key=$( (echo "$base_key"; cd "$LAYER_DIR" && cat Containerfile sshd.conf podman units/*) | sha256sum | cut -c1-12)
BASE="localhost/archy-e2e-node-base:$base_key"
TAG="localhost/archy-e2e-node:$layer_key"
if podman image exists "$TAG"; then echo "$TAG"; exit 0; fi
t0=$SECONDS
if ! podman image exists "$BASE"; then
  mirror="${ARCHY_DEBIAN_MIRROR:-}"
  if [ -z "$mirror" ]; then
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  fi
  cache="${ARCHY_NODE_IMAGE_CACHE:-${HOME:-/root}/.cache/archy-e2e}"
  mkdir -p "$cache"
  tar="$cache/node-rootfs-$base_key.tar"
  if [ ! -s "$tar" ]; then
    echo "building the node root filesystem with mmdebstrap ($SUITE, $mirror): 1-7 min" >&2
    mmdebstrap --quiet --format=tar --variant=minbase --include="$PACKAGES" "$SUITE" "$tar.part" "$mirror" >&2
    mv "$tar.part" "$tar"
  fi
  echo "importing $tar into podman as $BASE" >&2
  podman import --quiet --change 'CMD ["/sbin/init"]' "$tar" "$BASE" >&2
fi
echo "building the node layer $TAG on $BASE" >&2
podman build --quiet --network none --build-arg "BASE=$BASE" -t "$TAG" -f "$LAYER_DIR/Containerfile" "$LAYER_DIR" >&2
# Older node layers are not needed any more.
podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/archy-e2e-node:' | grep -v "^$TAG\$" | xargs -r podman rmi --force >/dev/null 2>&1 || true
echo "node image built in $((SECONDS - t0)) s" >&2
echo "$TAG"
