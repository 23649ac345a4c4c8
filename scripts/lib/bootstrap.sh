# Sourced by every script: installs what is missing (host packages, node_modules), quickly when present.
# shellcheck shell=bash
set -euo pipefail

ZOS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ZOS_ROOT

# Host tools the harness uses, as "command:debian-package".
ZOS_HOST_TOOLS=(
  qemu-system-x86_64:qemu-system-x86
  qemu-img:qemu-utils
  sgdisk:gdisk
  sfdisk:fdisk
  mkfs.btrfs:btrfs-progs
  btrfs:btrfs-progs
  mkfs.vfat:dosfstools
  fsck.vfat:dosfstools
  mkfs.ext4:e2fsprogs
  blkid:util-linux
  cpio:cpio
  zstd:zstd
  xz:xz-utils
  depmod:kmod
  dpkg-deb:dpkg
  apt-get:apt
)

zos_log() { printf '%s\n' "$*" >&2; }

ensure_host_packages() {
  local missing=() entry cmd pkg
  for entry in "${ZOS_HOST_TOOLS[@]}"; do
    cmd="${entry%%:*}"
    pkg="${entry##*:}"
    if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ] && [ ! -x "/sbin/$cmd" ]; then
      missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  zos_log "bootstrap: installing host packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    zos_log "bootstrap: need root to apt-get install ${missing[*]}; run: sudo apt-get install ${missing[*]}"
    exit 2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_node_modules() {
  # Keyed on the lock file's content (mtimes change with every checkout).
  local stamp="$ZOS_ROOT/node_modules/.zos-lock.sha256" want
  want=$(sha256sum "$ZOS_ROOT/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    zos_log "bootstrap: npm ci"
    (cd "$ZOS_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" >"$stamp"
  fi
}

ensure_bundle() {
  (cd "$ZOS_ROOT" && node scripts/bundle.mjs)
}

export PATH="$PATH:/usr/sbin:/sbin"
