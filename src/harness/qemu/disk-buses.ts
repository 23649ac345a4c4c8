// The storage controllers a scenario disk can sit behind: QEMU's device for each, how disks attach to it and how
// many fit. One table for the scenario schema, the validator and the QEMU command line.

/**
 * How disks attach: `scsi` (scsi-hd on the controller's SCSI bus, a target id each), `ide` (ide-hd, two buses of two
 * units), `uas` (scsi-hd LUNs of a usb-uas device on the xHCI bus), `sd` (one sd-card on the controller's sd-bus).
 */
export type Attachment = 'scsi' | 'ide' | 'uas' | 'sd';

export interface ControllerBus {
  /** The QEMU device of the controller. */
  device: string;
  attach: Attachment;
  /** Disks one controller takes (target ids besides the HBA's own, IDE units, SD slots). */
  maxDisks: number;
  /** The guest driver that binds it (storage-controllers.ts lists them for the image). */
  driver: string;
}

/**
 * The controller buses beyond virtio, nvme, scsi (virtio-scsi), sata (AHCI) and usb (usb-storage). Not here: QEMU
 * 7.2's `mptsas1068`, whose emulated SAS ports show Linux 6.12's mptsas no end device (tried 2026-12-07 on q35 and
 * pc, scsi-id 0 and 1, 6 s after the driver brought the IOC up): mptsas ships without a scenario that proves it.
 */
export const CONTROLLER_BUSES = {
  megasas: { device: 'megasas', attach: 'scsi', maxDisks: 64, driver: 'megaraid_sas' },
  'megasas-gen2': { device: 'megasas-gen2', attach: 'scsi', maxDisks: 64, driver: 'megaraid_sas' },
  lsi53c895a: { device: 'lsi53c895a', attach: 'scsi', maxDisks: 7, driver: 'sym53c8xx' },
  lsi53c810: { device: 'lsi53c810', attach: 'scsi', maxDisks: 7, driver: 'sym53c8xx' },
  am53c974: { device: 'am53c974', attach: 'scsi', maxDisks: 7, driver: 'am53c974' },
  dc390: { device: 'dc390', attach: 'scsi', maxDisks: 7, driver: 'am53c974' },
  pvscsi: { device: 'pvscsi', attach: 'scsi', maxDisks: 64, driver: 'vmw_pvscsi' },
  'piix3-ide': { device: 'piix3-ide', attach: 'ide', maxDisks: 4, driver: 'ata_piix' },
  'usb-uas': { device: 'usb-uas', attach: 'uas', maxDisks: 16, driver: 'uas' },
  sdhci: { device: 'sdhci-pci', attach: 'sd', maxDisks: 1, driver: 'sdhci_pci, mmc_block' },
} as const satisfies Record<string, ControllerBus>;

export type ControllerBusName = keyof typeof CONTROLLER_BUSES;

export const CONTROLLER_BUS_NAMES = Object.keys(CONTROLLER_BUSES) as ControllerBusName[];

/** Every bus a scenario disk may name. */
export const DISK_BUSES = ['virtio', 'nvme', 'scsi', 'sata', 'usb', ...CONTROLLER_BUS_NAMES] as const;

/** The serial QEMU's emulated SD card reports (its CID's product serial number; not settable). */
export const QEMU_SD_SERIAL = '0xdeadbeef';

/** True for a bus of CONTROLLER_BUSES. */
export function isControllerBus(bus: string): bus is ControllerBusName {
  return Object.hasOwn(CONTROLLER_BUSES, bus);
}
