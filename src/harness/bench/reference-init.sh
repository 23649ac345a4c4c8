#!/bin/sh
# Bench reference: a hand-written busybox init doing the single-disk work (sgdisk, mkfs.vfat, mkfs.btrfs, mount).
export PATH=/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
modprobe -a virtio_blk virtio_rng btrfs vfat nls_cp437 nls_iso8859_1
read -r t_start _ </proc/uptime
echo
echo REFERENCE:START
sgdisk -n1:1M:+1M -t1:EF02 -c1:zosboot -n2:0:+512M -t2:EF00 -c2:zosboot -n3:0:0 -t3:8300 -c3:zosdata /dev/vda >/dev/null
while [ ! -b /dev/vda3 ]; do sleep 0.05; done
mkfs.vfat -F 32 -n ZOSBOOT /dev/vda2 >/dev/null
mkfs.btrfs -q -f -L ZOSDATA /dev/vda3
mkdir -p /var/cache/data
mount /dev/vda3 /var/cache/data
echo REFERENCE:DONE
umount /var/cache/data
sync
read -r t_done _ </proc/uptime
echo "ZOSTEST:TIMING init=$t_start poweroff=$t_done"
printf '\100' | dd of=/dev/port bs=1 seek=244 count=1 conv=notrunc 2>/dev/null
poweroff -f
