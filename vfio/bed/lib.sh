# Shared by the QEMU beds (vfio/bed/run, sim/bed/run); sourced, not run. The guest recipe of
# ../shared/reference/qemu-vfio-bed.md: Debian's own kernel, busybox-static and openjdk-17-jre-headless from Debian's
# archive (apt-get download, cached), an uncompressed initramfs with busybox, the bed's init script and the kernel
# modules it needs with their dependencies, and the JRE unpacked as the root of the guest's 9p share.
#
# The caller sets, before sourcing: cache (download cache; the .debs go to $cache/debs) and bed_logs (a directory for
# apt's logs). The functions print "bed: ..." and end the script through skip (exit 0: this machine cannot run the
# bed) or fail (exit 1).

log() { echo "bed: $*"; }
skip() { echo "bed: SKIPPED: $*"; exit 0; }
fail() { echo "bed: FAILED: $*"; echo "bed: 0 passed, 1 failed"; exit 1; }

# The beds need Debian on x86-64 (apt-get for the guest's packages, TCG for an x86-64 guest).
bed_check_platform() {
  [ "$(uname -s)/$(uname -m)" = "Linux/x86_64" ] || skip "needs Linux on x86-64 (this is $(uname -s)/$(uname -m))"
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || skip "needs a Debian system (apt-get, dpkg-deb)"
  mkdir -p "$cache/debs" "$bed_logs"
}

bed_apt_updated=0
# apt-get update once per run; returns 1 when Debian's archive is unreachable.
bed_apt_update() {
  if [ "$bed_apt_updated" = 0 ]; then
    apt-get update -qq >"$bed_logs/apt-update.log" 2>&1 || return 1
    bed_apt_updated=1
  fi
}

# Installs the host tools that are missing: arguments are COMMAND:PACKAGE pairs (e.g. cpio:cpio depmod:kmod).
bed_install_host_tools() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
  done
  [ "${#need[@]}" -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || skip "needs ${need[*]}; install them (apt-get install ${need[*]}) or run as root"
  log "installing ${need[*]}"
  bed_apt_update || skip "cannot reach Debian's archive to install ${need[*]} (see $bed_logs/apt-update.log)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
    >"$bed_logs/apt-install.log" 2>&1 || fail "apt-get install ${need[*]} failed; see $bed_logs/apt-install.log"
}

# The guest's packages into $cache/debs (only those not cached yet); sets kpkg, the kernel package that Debian's
# linux-image-amd64 depends on (linux-image-6.1.0-56-amd64 when this was written).
bed_guest_debs() {
  kpkg="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
  if [ -z "$kpkg" ]; then
    bed_apt_update || skip "cannot reach Debian's archive (see $bed_logs/apt-update.log)"
    kpkg="$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')"
  fi
  [ -n "$kpkg" ] || fail "apt-cache knows no linux-image-amd64 kernel package"
  local missing=() p
  for p in "$kpkg" busybox-static openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g; do
    ls "$cache/debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  log "downloading ${missing[*]}"
  (cd "$cache/debs" && apt-get download -qq "${missing[@]}" >"$bed_logs/apt-download.log" 2>&1) || {
    bed_apt_update || skip "cannot reach Debian's archive to download ${missing[*]} (see $bed_logs/apt-update.log)"
    (cd "$cache/debs" && apt-get download -qq "${missing[@]}" >"$bed_logs/apt-download.log" 2>&1) \
      || skip "cannot download ${missing[*]} from Debian's archive (see $bed_logs/apt-download.log)"
  }
}

bed_deb() { ls -t "$cache/debs/${1}_"*.deb | head -n 1; }

# Unpacks the kernel into $1/kroot (with depmod), busybox into $1/bb and the JRE with its libraries into
# $1/share/root; sets kver.
bed_unpack_guest() {
  local work="$1" p
  log "unpacking the guest (kernel $kpkg)"
  rm -rf "$work/kroot" "$work/bb" "$work/stage" "$work/share"
  mkdir -p "$work/kroot" "$work/bb" "$work/stage" "$work/share/root" "$work/share/results"
  dpkg-deb -x "$(bed_deb "$kpkg")" "$work/kroot"
  dpkg-deb -x "$(bed_deb busybox-static)" "$work/bb"
  for p in openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g; do
    dpkg-deb -x "$(bed_deb "$p")" "$work/share/root"
  done
  kver="$(ls "$work/kroot/lib/modules")"
  depmod -b "$work/kroot" "$kver" 2>/dev/null
}

# $1/initramfs.cpio: busybox, $2 as /init, the modules $3... with their dependencies (from $1/kroot).
bed_initramfs() {
  local work="$1" init="$2" stage="$1/stage" ko rel m
  shift 2
  mkdir -p "$stage"/{bin,proc,sys,dev,share,lib/modules/"$kver"}
  cp "$work/bb/bin/busybox" "$stage/bin/busybox"
  cp "$init" "$stage/init"
  chmod 755 "$stage/init"
  for m in "$@"; do
    modprobe -d "$work/kroot" -S "$kver" --show-depends "$m" | awk '/^insmod/{print $2}'
  done | sort -u | while read -r ko; do
    rel="${ko#"$work/kroot"}"
    mkdir -p "$stage$(dirname "$rel")"
    cp "$ko" "$stage$rel"
  done
  cp "$work/kroot/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} "$stage/lib/modules/$kver/" 2>/dev/null \
    || true
  depmod -b "$stage" "$kver" 2>/dev/null
  (cd "$stage" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"   # uncompressed: faster under TCG
}
