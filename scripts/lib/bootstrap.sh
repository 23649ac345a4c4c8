# Sourced by every script: finds the clone (also through a symlink), installs what is missing, quickly when present.
# shellcheck shell=bash
set -euo pipefail

ZOS_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
export ZOS_ROOT

# Host tools the harness uses, as "command:debian-package"; a leading / means a file that must exist.
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
  # Formats the safety tests make and then damage (inspect-format-copies.test.ts).
  mkfs.xfs:xfsprogs
  mkntfs:ntfs-3g
  mkfs.exfat:exfatprogs
  mkfs.f2fs:f2fs-tools
  cryptsetup:cryptsetup-bin
  # Layouts whose partition table the safety tests then remove (inspect-removed-tables.test.ts).
  parted:parted
  pvcreate:lvm2
  blkid:util-linux
  cpio:cpio
  zstd:zstd
  xz:xz-utils
  # Strips the official Node.js binary before it ships (runtime/ensure-node-runtime.ts).
  strip:binutils
  depmod:kmod
  dpkg-deb:dpkg
  dpkg-scanpackages:dpkg-dev
  apt-get:apt
  /usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
)

zos_log() { printf '%s\n' "$*" >&2; }

# The Debian packages of ZOS_HOST_TOOLS whose command or file is missing, one per line.
zos_missing_host_packages() {
  local entry cmd pkg
  for entry in "${ZOS_HOST_TOOLS[@]}"; do
    cmd="${entry%:*}"
    pkg="${entry##*:}"
    case "$cmd" in
      /*) [ -e "$cmd" ] || echo "$pkg" ;;
      *) command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] || echo "$pkg" ;;
    esac
  done | sort -u
}

ensure_host_packages() {
  local missing
  mapfile -t missing < <(zos_missing_host_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    zos_log "bootstrap: host packages missing: ${missing[*]}; install them once with: sudo apt-get install ${missing[*]}"
    exit 2
  fi
  zos_log "bootstrap: installing host packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# A headless browser for the run-report test (scripts/test's slow stage): ZOS_CHROMIUM, Debian's chromium, or the
# Chrome a CI runner ships; installs Debian's chromium when none is there (Ubuntu's chromium is a snap: use Chrome).
ensure_test_browser() {
  local name
  [ -n "${ZOS_CHROMIUM:-}" ] && return 0
  for name in chromium google-chrome-stable google-chrome chromium-browser; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  if [ "$(id -u)" -ne 0 ]; then
    zos_log "bootstrap: no Chromium for the report test; install it once with: sudo apt-get install chromium (or set ZOS_CHROMIUM)"
    return 1
  fi
  zos_log "bootstrap: installing chromium (headless, for the run-report test)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
}

# node_modules, keyed on the lock file's content (mtimes change with every checkout).
ensure_node_modules() {
  local stamp="$ZOS_ROOT/node_modules/.zos-lock.sha256" want
  want=$(sha256sum "$ZOS_ROOT/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    if [ ! -w "$ZOS_ROOT" ] || { [ -e "$ZOS_ROOT/node_modules" ] && [ ! -w "$ZOS_ROOT/node_modules" ]; }; then
      zos_log "bootstrap: node_modules of $ZOS_ROOT is missing or out of date and not writable by $(id -un): run npm ci there as its owner"
      exit 2
    fi
    zos_log "bootstrap: npm ci"
    (cd "$ZOS_ROOT" && npm ci --no-audit --no-fund --loglevel=error >&2)
    # tap ships its test module built with its default plugins; .taprc swaps ts-node for tsx. tap would rebuild on
    # its first run, but that run's test files would still load both loaders (seen in a fresh-clone CI).
    (cd "$ZOS_ROOT" && npx --no-install tap build >&2)
    echo "$want" >"$stamp"
  fi
}

# Whether the arguments ask only for --help or --version (then nothing is installed).
zos_wants_help() {
  local arg
  for arg in "$@"; do
    case "$arg" in -h | --help | -V | --version) return 0 ;; esac
  done
  return 1
}

# Whether node_modules holds what the commands start with (it may still be older than the lock).
zos_has_node_modules() {
  [ -d "$ZOS_ROOT/node_modules/commander" ] && [ -d "$ZOS_ROOT/node_modules/tsx" ]
}

# --help or --version without node_modules (a fresh clone, or a user who cannot write it): the version from
# package.json, the usage from scripts/help/<command>.txt (the command's own --help, kept equal by
# harness-cli.test.ts). Installs nothing.
zos_print_help_without_node_modules() {
  local command="$1" arg
  shift
  for arg in "$@"; do
    case "$arg" in
      -h | --help) break ;;
      -V | --version)
        node -p "require(process.argv[1]).version" "$ZOS_ROOT/package.json"
        exit 0
        ;;
    esac
  done
  cat "$ZOS_ROOT/scripts/help/$command.txt"
  exit 0
}

# Runs a TypeScript entry point of the harness with tsx, from any folder. Host packages are not installed here:
# the command installs them (scripts/lib/install-host-packages) when it starts real work. --help and --version
# never install anything.
zos_exec_ts() {
  local entry="$1"
  shift
  if zos_wants_help "$@"; then
    zos_has_node_modules || zos_print_help_without_node_modules "$(basename "$entry" .ts)" "$@"
  else
    ensure_node_modules
  fi
  zos_run_ts "$entry" "$@"
}

# Runs a TypeScript entry point with the node_modules there are (installs nothing).
zos_run_ts() {
  local entry="$1"
  shift
  exec node --import "$ZOS_ROOT/node_modules/tsx/dist/loader.mjs" "$ZOS_ROOT/$entry" "$@"
}

export PATH="$PATH:/usr/sbin:/sbin"
