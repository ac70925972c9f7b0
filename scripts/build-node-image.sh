#!/usr/bin/env bash
# Builds the image of the node container (lib/node-container/): Debian bookworm minbase with sshd,
# sudo and curl, from Debian's packages (mmdebstrap) imported into podman — no registry needed.
# Cached: the image tag is a hash of the package list, the rootfs tarball is kept in the cache dir,
# so a rerun with the image present takes well under a second. Prints the image tag last.
#   ARCHY_NODE_IMAGE_CACHE  where the tarball is kept (default ~/.cache/archy-e2e)
#   ARCHY_DEBIAN_MIRROR     Debian mirror (default: the first URIs: of /etc/apt/sources.list.d/debian.sources)
set -euo pipefail
PACKAGES="openssh-server,sudo,curl,procps,libstdc++6,ca-certificates"
SUITE=bookworm
LAYOUT=1 # bump when the image's content changes in a way the package list does not show
TAG="localhost/archy-e2e-node:$(printf '%s %s %s' "$PACKAGES" "$SUITE" "$LAYOUT" | sha256sum | cut -c1-12)"
if podman image exists "$TAG"; then echo "$TAG"; exit 0; fi
mirror="${ARCHY_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi
cache="${ARCHY_NODE_IMAGE_CACHE:-${HOME:-/root}/.cache/archy-e2e}"
mkdir -p "$cache"
tar="$cache/node-rootfs-${TAG##*:}.tar"
if [ ! -s "$tar" ]; then
  echo "building the node root filesystem with mmdebstrap ($SUITE, $mirror): ~1 min" >&2
  mmdebstrap --quiet --format=tar --variant=minbase --include="$PACKAGES" "$SUITE" "$tar.part" "$mirror" >&2
  mv "$tar.part" "$tar"
fi
echo "importing $tar into podman as $TAG" >&2
podman import --quiet --change 'CMD ["/opt/archy-node/init"]' "$tar" "$TAG" >&2
echo "$TAG"
