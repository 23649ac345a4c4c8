# `doctor` on a clone without node_modules: the checks that need no npm package, in the TypeScript doctor's format
# (`ok    subject: text`), and which checks could not run and why. Installs nothing. Sourced by scripts/doctor.
# shellcheck shell=bash

zos_doctor_finding() {
  local tag
  case "$1" in ok) tag='ok  ' ;; warn) tag='warn' ;; *) tag='FAIL' ;; esac
  printf '%s  %s: %s\n' "$tag" "$2" "$3"
  case "$1" in warn) warned=$((warned + 1)) ;; fail) failed=$((failed + 1)) ;; esac
}

# MiB a folder takes (0 when it does not exist).
zos_size_mib() {
  if [ -e "$1" ]; then du -sm "$1" | cut -f1; else echo 0; fi
}

zos_doctor_without_node_modules() {
  local offline=0 arg version missing out cache dir free probe
  warned=0
  failed=0
  for arg in "$@"; do
    case "$arg" in
      --offline) offline=1 ;;
      *)
        zos_log "doctor: unknown option '$arg' (see ./scripts/doctor --help)"
        exit 2
        ;;
    esac
  done
  version=$(node -p 'process.versions.node' 2>/dev/null || echo none)
  if [ "${version%%.*}" != none ] && [ "${version%%.*}" -ge 20 ] 2>/dev/null; then
    zos_doctor_finding ok node "v$version"
  else
    zos_doctor_finding fail node "${version/#none/not found}; the harness needs Node.js 20 or newer"
  fi
  if [ -w "$ZOS_ROOT" ]; then
    zos_doctor_finding warn node_modules "missing in $ZOS_ROOT: the first command that does real work installs it (npm ci, about 25 s)"
  else
    zos_doctor_finding fail node_modules "missing in $ZOS_ROOT, which $(id -un) cannot write: run npm ci there as its owner"
  fi
  mapfile -t missing < <(zos_missing_host_packages)
  if [ "${#missing[@]}" -eq 0 ]; then
    zos_doctor_finding ok 'host tools' 'every tool the harness runs is installed'
  else
    zos_doctor_finding fail 'host tools' "missing packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]} (run-scenario does it as root)"
  fi
  out="$ZOS_ROOT/out"
  probe="$out/cache/kvm-probe.json"
  if [ ! -e /dev/kvm ]; then
    zos_doctor_finding warn kvm '/dev/kvm does not exist: runs use TCG (slower)'
  elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
    zos_doctor_finding warn kvm "/dev/kvm cannot be opened by $(id -un): runs use TCG (slower)"
  elif [ -f "$probe" ] && grep -q '"usable": *false' "$probe"; then
    zos_doctor_finding warn kvm "not usable, runs use TCG (cached probe in $probe)"
  elif [ -f "$probe" ]; then
    zos_doctor_finding ok kvm "usable (cached probe in $probe)"
  else
    zos_doctor_finding ok kvm '/dev/kvm opens; not probed yet (the first run boots a probe)'
  fi
  if [ "$offline" = 1 ]; then
    zos_doctor_finding ok mirror 'not checked (--offline)'
  else
    zos_doctor_finding warn mirror 'not checked: reading the mirror and the lock needs node_modules (npm ci); ./scripts/doctor checks them once it is there'
  fi
  dir="$out"
  while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
  free=$(df -B1 --output=avail "$dir" | tail -n 1 | tr -d ' ')
  if [ "$free" -lt $((2 * 1024 ** 3)) ]; then
    zos_doctor_finding fail 'disk space' "$((free / 1024 ** 2)) MiB free under $out; a run needs at least 2 GiB"
  elif [ "$free" -lt $((10 * 1024 ** 3)) ]; then
    zos_doctor_finding warn 'disk space' "$((free / 1024 ** 2)) MiB free under $out; the full matrix wants 10 GiB"
  else
    zos_doctor_finding ok 'disk space' "$((free / 1024 ** 3)) GiB free under $out"
  fi
  cache="${ZOS_CACHE_DIR:-${HOME:-/nonexistent}/.cache/zosstorage}"
  zos_doctor_finding ok caches "downloads $(zos_size_mib "$cache/debs") MiB ($cache/debs), image $(zos_size_mib "$out/image") MiB ($out/image), runs $(zos_size_mib "$out/runs") MiB ($out/runs)"
  if [ "$failed" -gt 0 ]; then
    echo "$failed problem(s) would stop a run"
    exit 7
  fi
  echo "ready to install the rest on the first run ($warned warning(s))"
  exit 0
}
