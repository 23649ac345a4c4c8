#!/bin/sh
# Guest init (PID 1): mounts, loads modules, runs zosstorage, frames the report back and powers off.
# Implements the guest side of src/harness/guest-protocol.ts; test mode (zostest=1) adds markers,
# report framing, dumps and isa-debug-exit; appliance mode runs the provisioner and continues boot.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
umask 022

PROVISIONER=/usr/lib/zosstorage/zosstorage.cjs
# The provisioner's V8 startup snapshot (built at image build time by the shipped node): node starts from it with
# the bundle already evaluated; the bundle is the fallback. zostest.snapshot=none|<blob> overrides (tests, bench).
SNAPSHOT=/usr/lib/zosstorage/zosstorage.blob
MODULE_LIST=/usr/lib/zosstorage/modules
REPORT=/run/zosstorage/state.json
TEST=0
SHELL_MODE=0
DUMP=
NEXT=
BOOT=1
# V8 runs the provisioner on its interpreter only: no optimizing (TurboFan) or baseline (Sparkplug) compiler. The run
# is a second of code that mostly runs once; under TCG every piece of fresh machine code is translated again, and
# TurboFan's background compiles take a CPU from the tools. Boot 1 in a TCG guest, 4 boots each: /init's modules to
# the provisioner's exit 2.83 s with the JITs, 2.51 s without; natively a --plan takes 0.07 s either way.
# zostest.node_flags=<a,b> adds flags after these (a later flag wins: zostest.node_flags=--opt,--sparkplug).
RUNTIME_FLAGS="--no-opt --no-sparkplug"
NODE_FLAGS=
STDOUT=
# The provisioner starts before the disk drivers load and waits for this file (ZOSSTORAGE_START_GATE).
GATE=/run/zosstorage/start-gate
NODE_PID=
T_NODE=
# snapshot or bundle: what node was last started on (ZOSTEST:ZOSSTORAGE_EXIT runtime=).
RUNTIME=

# Seconds since the kernel started (from /proc/uptime), for the ZOSTEST:TIMING line.
uptime_now() {
	read -r up _ </proc/uptime
	echo "$up"
}

# Test-mode console line (appliance mode prints no test noise).
say() {
	[ "$TEST" = 1 ] && echo "$*"
}

# Writes the exit byte to isa-debug-exit (QEMU exits with (byte << 1) | 1), then falls back to poweroff.
power_off() {
	byte=$1
	sync
	if [ "$TEST" = 1 ]; then
		echo "ZOSTEST:POWEROFF byte=$byte"
		# shellcheck disable=SC2059
		printf "\\$(printf '%03o' "$byte")" | dd of=/dev/port bs=1 seek=244 count=1 conv=notrunc 2>/dev/null
	fi
	poweroff -f
	sleep 5
	echo o >/proc/sysrq-trigger
	while :; do sleep 60; done
}

run_shell() {
	echo "zosstorage init: starting a shell on the console (exit it to power off)"
	setsid cttyhack sh || sh
}

# Every init failure ends here: one marker, then power-off (test mode) or a shell (appliance mode).
fail() {
	stage=$1
	message=$2
	case $stage in
	mounts) index=0 ;;
	modules) index=1 ;;
	config) index=2 ;;
	zosstorage-missing) index=3 ;;
	*) index=4 ;;
	esac
	# A provisioner still waiting at its start gate must not run on.
	[ -z "$NODE_PID" ] || kill -9 "$NODE_PID" 2>/dev/null
	NODE_PID=
	echo "ZOSTEST:INIT_FAILED stage=$stage message=\"$message\""
	if [ "$TEST" = 1 ] && [ "$SHELL_MODE" != 1 ]; then
		power_off $((0x20 + index))
	fi
	run_shell
	power_off $((0x20 + index))
}

mount_early() {
	mkdir -p /proc /sys /dev /run /tmp
	mount -t proc proc /proc || return 1
	mount -t sysfs sysfs /sys || return 1
	mount -t devtmpfs devtmpfs /dev || return 1
	mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
	mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run || return 1
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp || return 1
	mkdir -p /run/zosstorage
}

read_cmdline() {
	for arg in $(cat /proc/cmdline); do
		case $arg in
		zostest=1) TEST=1 ;;
		zostest.shell=1) SHELL_MODE=1 ;;
		zostest.dump=*) DUMP=${arg#zostest.dump=} ;;
		zostest.boot=*) BOOT=${arg#zostest.boot=} ;;
		zostest.report=*) REPORT=${arg#zostest.report=} ;;
		zosstorage.next=*) NEXT=$(echo "${arg#zosstorage.next=}" | tr ',' ' ') ;;
		zostest.node_flags=*) NODE_FLAGS=$(echo "${arg#zostest.node_flags=}" | tr ',' ' ') ;;
		zostest.stdout=*) STDOUT=${arg#zostest.stdout=} ;;
		zostest.snapshot=*) SNAPSHOT=${arg#zostest.snapshot=} ;;
		esac
	done
}

# Loads the shipped modules: the untagged ones by name; the `coldplug` controller drivers only for the PCI, virtio,
# ACPI and Xen devices present (kmod's `modprobe -R` resolves their modaliases through the shipped modules.alias, as
# udev's coldplug would; the shell's own `modprobe` is busybox's, which cannot), then the `vmbus` ones for the
# Hyper-V VMBus devices hv_vmbus brought up; the `usb` ones once a USB host controller is up (a USB disk's own
# modalias appears later), the `mmc` ones once an SD/MMC host is; the `background` ones (btrfs) beside the
# provisioner's start, which needs them first at its first mount (lines marked `optional` may fail). `ondemand`
# ones (bcachefs, vfat) are left to whatever mounts them: the kernel runs modprobe itself then.
load_modules() {
	[ -x /usr/sbin/modprobe ] || return 1
	required=$(grep -vE ' (optional|background|ondemand|coldplug|usb|mmc)' "$MODULE_LIST" | cut -d' ' -f1)
	usb=$(grep -E ' usb( |$)' "$MODULE_LIST" | cut -d' ' -f1)
	mmc=$(grep -E ' mmc( |$)' "$MODULE_LIST" | cut -d' ' -f1)
	background=$(grep ' background' "$MODULE_LIST" | grep -vE ' (optional|ondemand)' | cut -d' ' -f1)
	optional=$(grep ' optional' "$MODULE_LIST" | cut -d' ' -f1)
	# shellcheck disable=SC2086
	modprobe -a $required || return 1
	# shellcheck disable=SC2046
	drivers=$(/usr/sbin/modprobe -q -a -R $(cat /sys/bus/pci/devices/*/modalias /sys/bus/virtio/devices/*/modalias /sys/bus/acpi/devices/*/modalias /sys/bus/xen/devices/*/modalias 2>/dev/null) | sort -u)
	# shellcheck disable=SC2086
	[ -z "$drivers" ] || modprobe -a $drivers || return 1
	if [ -d /sys/bus/vmbus/devices ]; then
		# shellcheck disable=SC2046
		vmbus=$(/usr/sbin/modprobe -q -a -R $(cat /sys/bus/vmbus/devices/*/modalias 2>/dev/null) | sort -u)
		# shellcheck disable=SC2086
		[ -z "$vmbus" ] || modprobe -a $vmbus || return 1
	fi
	if [ -n "$usb" ] && ls -d /sys/bus/usb/devices/usb* >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		modprobe -a $usb || return 1
	fi
	if [ -n "$mmc" ] && ls -d /sys/class/mmc_host/mmc* >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		modprobe -a $mmc || return 1
	fi
	(
		# shellcheck disable=SC2086
		modprobe -a $background || echo "zosstorage init: modprobe of the filesystem modules failed: $background"
		# shellcheck disable=SC2086
		[ -z "$optional" ] || modprobe -a $optional 2>/dev/null || true
	) &
}

block_count() {
	ls /sys/block | grep -cvE '^(ram|loop|zram)'
}

# USB mass-storage interfaces (class 08) that have no SCSI disk yet: the USB scan is still running.
usb_pending() {
	for iface in /sys/bus/usb/devices/*:*; do
		[ -f "$iface/bInterfaceClass" ] || continue
		[ "$(cat "$iface/bInterfaceClass")" = 08 ] || continue
		ls -d "$iface"/host*/target*/*/block/* >/dev/null 2>&1 || return 0
	done
	return 1
}

# Waits until the set of block devices stops changing, only when a controller probes asynchronously:
# NVMe namespaces (2 stable polls), SAS and RAID HBAs that find their disks through firmware events after modprobe
# returned, and Xen's virtual disks (5), USB through xhci and SD cards, enumerated late (10: slow under TCG).
# virtio-blk, virtio-scsi and ATA disks exist when modprobe returns. At most ~8 s.
settle_disks() {
	need=0
	ls -d /sys/class/nvme/nvme* >/dev/null 2>&1 && need=2
	for name in /sys/class/scsi_host/host*/proc_name; do
		[ -f "$name" ] || continue
		case $(cat "$name") in
		virtio_scsi | ahci | ata_piix | usb-storage | uas) ;;
		*) [ "$need" -ge 5 ] || need=5 ;;
		esac
	done
	ls -d /sys/bus/xen/devices/vbd-* >/dev/null 2>&1 && [ "$need" -lt 5 ] && need=5
	ls -d /sys/bus/pci/drivers/xhci_hcd/0000:* >/dev/null 2>&1 && need=10
	ls -d /sys/class/mmc_host/mmc* >/dev/null 2>&1 && need=10
	[ "$need" -gt 0 ] || return 0
	last=-1
	stable=0
	tries=0
	while [ "$tries" -lt 80 ]; do
		count=$(block_count)
		if [ "$count" = "$last" ] && ! usb_pending; then
			stable=$((stable + 1))
			[ "$stable" -ge "$need" ] && return 0
		else
			stable=0
		fi
		last=$count
		tries=$((tries + 1))
		sleep 0.1
	done
}

# Starts node in the background on the startup snapshot or the bundle ($1), waiting at the start gate.
# zostest.stdout=<file>: the provisioner's stdout goes there (--report-current prints its report on stdout; a
# scenario frames it back with zostest.report=<file>); stderr, the log and the markers, stays on the console.
spawn_provisioner() {
	RUNTIME=$1
	if [ "$RUNTIME" = snapshot ]; then
		set -- --snapshot-blob "$SNAPSHOT" --
	else
		set -- "$PROVISIONER"
	fi
	if [ -n "$STDOUT" ]; then
		mkdir -p "$(dirname "$STDOUT")"
		# shellcheck disable=SC2086
		ZOSSTORAGE_START_GATE=$GATE node $RUNTIME_FLAGS $NODE_FLAGS "$@" >"$STDOUT" &
	else
		# shellcheck disable=SC2086
		ZOSSTORAGE_START_GATE=$GATE node $RUNTIME_FLAGS $NODE_FLAGS "$@" &
	fi
	NODE_PID=$!
}

# Starts the provisioner in the background before the disk drivers load: node's start (from the snapshot, or the
# bundle's evaluation; seconds under TCG) overlaps the drivers' probing, and the provisioner waits at its start
# gate until open_gate_and_wait. Not in shell mode, and not when a file is missing (checked after the modules).
start_provisioner() {
	[ "$SHELL_MODE" != 1 ] && [ -f "$PROVISIONER" ] && [ -x /usr/bin/node ] || return 0
	T_NODE=$(uptime_now)
	if [ "$SNAPSHOT" != none ] && [ -f "$SNAPSHOT" ]; then
		spawn_provisioner snapshot
	else
		spawn_provisioner bundle
	fi
}

# Lets the waiting provisioner go on (the rename makes the gate appear whole) and returns its exit status. The
# provisioner removes the gate as it passes it, so a gate still there once node has ended means that none of
# the provisioner ran: the snapshot did not load (node refused or crashed on it). Then the bundle gets its turn,
# through the open gate, after one console line.
open_gate_and_wait() {
	echo go >"$GATE.tmp" && mv "$GATE.tmp" "$GATE"
	wait "$NODE_PID"
	status=$?
	NODE_PID=
	if [ "$RUNTIME" = snapshot ] && [ -e "$GATE" ]; then
		echo "zosstorage init: the startup snapshot $SNAPSHOT did not load (node ended with status $status); starting $PROVISIONER"
		spawn_provisioner bundle
		wait "$NODE_PID"
		status=$?
		NODE_PID=
	fi
	return "$status"
}

# Frames the report as base64 lines with its byte count and sha256 (kernel console quiet meanwhile).
frame_report() {
	if [ -f "$REPORT" ]; then
		bytes=$(wc -c <"$REPORT")
		sha=$(sha256sum "$REPORT" | cut -d' ' -f1)
		echo "ZOSTEST:REPORT_BEGIN bytes=$bytes sha256=$sha"
		base64 -w 76 "$REPORT" | sed 's/^/ZOSTEST:REPORT_DATA /'
		echo "ZOSTEST:REPORT_END"
	else
		echo "ZOSTEST:NO_REPORT"
	fi
}

dump_files() {
	for name in $(echo "$DUMP" | tr ',' ' '); do
		echo "ZOSTEST:DUMP_BEGIN name=$name"
		if [ -r "$name" ]; then
			cat "$name"
			[ -z "$(tail -c 1 "$name")" ] || echo
		else
			echo "(missing: $name)"
		fi
		echo "ZOSTEST:DUMP_END name=$name"
	done
}

# Unmounts what the provisioner mounted (deepest first) so the host inspects clean filesystems.
unmount_data() {
	awk '{print $2}' /proc/mounts | grep -vE '^/(proc|sys|dev|run|tmp)?(/|$)' | sort -r | while read -r target; do
		umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null
	done
}

# --- the boot, top to bottom ---
mount_early || {
	read_cmdline 2>/dev/null
	fail mounts "mounting proc/sys/devtmpfs/run/tmp failed"
}
exec </dev/console >/dev/console 2>&1
read_cmdline
# The firmware leaves escape sequences without a newline on the serial line: start a fresh line first.
say ""
say "ZOSTEST:INIT"
T_INIT=$(uptime_now)
start_provisioner
load_modules || fail modules "modprobe of the shipped kernel modules failed"
settle_disks
say "ZOSTEST:MODULES_LOADED"
T_MODULES=$(uptime_now)

if [ "$SHELL_MODE" = 1 ]; then
	run_shell
	power_off 0
fi
[ -f "$PROVISIONER" ] || fail zosstorage-missing "$PROVISIONER is missing"
[ -x /usr/bin/node ] || fail node "/usr/bin/node is missing"

say "ZOSTEST:RUN_ZOSSTORAGE boot=$BOOT"
open_gate_and_wait
code=$?
T_ZOSSTORAGE=$(uptime_now)
say "ZOSTEST:ZOSSTORAGE_EXIT code=$code runtime=$RUNTIME"

if [ "$TEST" = 1 ]; then
	printk=$(cat /proc/sys/kernel/printk)
	echo 1 >/proc/sys/kernel/printk
	frame_report
	dump_files
	echo "$printk" >/proc/sys/kernel/printk
	unmount_data
	say "ZOSTEST:TIMING init=$T_INIT node_started=$T_NODE modules_loaded=$T_MODULES zosstorage_exit=$T_ZOSSTORAGE poweroff=$(uptime_now)"
	if [ "$code" -gt 63 ]; then
		fail node "zosstorage ended with status $code (node crashed or was killed)"
	fi
	power_off $((0x40 + code))
fi

# Appliance mode: continue the boot.
[ "$code" = 0 ] || echo "zosstorage failed with exit code $code"
if [ -n "$NEXT" ]; then
	# A failed exec would end PID 1 (kernel panic): check the command first, else fall back to the shell.
	if command -v "${NEXT%% *}" >/dev/null 2>&1; then
		# shellcheck disable=SC2086
		exec $NEXT
	fi
	echo "zosstorage init: cannot run zosstorage.next command: $NEXT"
fi
while :; do run_shell; done
