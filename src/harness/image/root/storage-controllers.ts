// The storage controllers the image ships, in one table: the image build's module list and coldplug tags, the
// appliance manifest and docs/hardware.md all come from it (hardware-table.test.ts holds the docs to it).

/**
 * When the init loads a module: `pci` (a present PCI or virtio device's modalias names it), `acpi` (an ACPI
 * device's: Hyper-V's VMBus), `vmbus` (a VMBus device's, once hv_vmbus is up), `xen` (a Xen bus device's), `usb`
 * (a USB host controller is up), `mmc` (an SD/MMC host controller is up).
 */
export type LoadStage = 'pci' | 'acpi' | 'vmbus' | 'xen' | 'usb' | 'mmc';

export interface StorageController {
  /** The kernel module (modprobe's name, underscores). */
  module: string;
  /** The controller family, as an operator knows it. */
  family: string;
  stage: LoadStage;
  /**
   * The scenario buses (QEMU devices) that prove the module in a VM, each by a scenario of the `controllers` group
   * named `controller-<bus>`; empty when QEMU cannot emulate the hardware (shipped, not proven).
   */
  qemuBuses: string[];
  /** Loaded for another module of the table (a bus driver), not a disk controller itself. */
  helper?: boolean;
  /** Why no scenario proves it although QEMU has the device (docs/hardware.md). */
  unproven?: string;
}

export const STORAGE_CONTROLLERS: readonly StorageController[] = [
  {
    module: 'virtio_blk',
    family: 'virtio block (KVM, QEMU, cloud VMs)',
    stage: 'pci',
    qemuBuses: ['virtio'],
  },
  { module: 'virtio_scsi', family: 'virtio SCSI', stage: 'pci', qemuBuses: ['scsi'] },
  { module: 'nvme', family: 'NVMe', stage: 'pci', qemuBuses: ['nvme'] },
  { module: 'ahci', family: 'SATA AHCI', stage: 'pci', qemuBuses: ['sata'] },
  {
    module: 'ata_piix',
    family: 'Intel PIIX/ICH IDE, and SATA in legacy (IDE) mode',
    stage: 'pci',
    qemuBuses: ['piix3-ide'],
  },
  {
    module: 'megaraid_sas',
    family: 'Broadcom/LSI MegaRAID SAS: Dell PERC, Lenovo, Fujitsu, Supermicro, Cisco RAID cards',
    stage: 'pci',
    qemuBuses: ['megasas', 'megasas-gen2'],
  },
  {
    module: 'mpt3sas',
    family: 'Broadcom/LSI SAS2 and SAS3 HBAs (SAS2008 and later, 9200/9300/9400; also Dell HBA330)',
    stage: 'pci',
    qemuBuses: [],
  },
  {
    module: 'mpi3mr',
    family: 'Broadcom SAS4 tri-mode HBAs and RAID (9500, 9600)',
    stage: 'pci',
    qemuBuses: [],
  },
  {
    module: 'mptsas',
    family: 'LSI Fusion-MPT SAS1064/SAS1068',
    stage: 'pci',
    qemuBuses: [],
    unproven: "QEMU 7.2's mptsas1068 shows Linux's mptsas no disk",
  },
  { module: 'hpsa', family: 'HPE Smart Array (P4xx, P8xx, up to Gen9)', stage: 'pci', qemuBuses: [] },
  {
    module: 'smartpqi',
    family: 'Microchip SmartRAID/SmartHBA, HPE Smart Array Gen10 and later',
    stage: 'pci',
    qemuBuses: [],
  },
  {
    module: 'aacraid',
    family: 'Adaptec/Microchip RAID (Series 6 to 8, SmartROC)',
    stage: 'pci',
    qemuBuses: [],
  },
  { module: 'isci', family: 'Intel C600 series SAS', stage: 'pci', qemuBuses: [] },
  { module: 'mvsas', family: 'Marvell 88SE64xx/94xx SAS', stage: 'pci', qemuBuses: [] },
  { module: 'pm80xx', family: 'PMC-Sierra/Microchip SPC 8001/80xx SAS', stage: 'pci', qemuBuses: [] },
  {
    module: 'sym53c8xx',
    family: 'LSI/Symbios 53c8xx parallel SCSI',
    stage: 'pci',
    qemuBuses: ['lsi53c895a', 'lsi53c810'],
  },
  {
    module: 'am53c974',
    family: 'AMD Am53c974 / Tekram DC-390 parallel SCSI',
    stage: 'pci',
    qemuBuses: ['am53c974', 'dc390'],
  },
  { module: 'vmw_pvscsi', family: 'VMware paravirtual SCSI', stage: 'pci', qemuBuses: ['pvscsi'] },
  {
    module: 'hv_vmbus',
    family: 'Hyper-V VMBus (carries hv_storvsc)',
    stage: 'acpi',
    qemuBuses: [],
    helper: true,
  },
  { module: 'hv_storvsc', family: 'Hyper-V synthetic SCSI (storvsc)', stage: 'vmbus', qemuBuses: [] },
  { module: 'xen_blkfront', family: 'Xen virtual block devices (xvd*)', stage: 'xen', qemuBuses: [] },
  {
    module: 'xhci_pci',
    family: 'USB 3 host controllers (xHCI)',
    stage: 'pci',
    qemuBuses: ['usb', 'usb-uas'],
    helper: true,
  },
  { module: 'usb_storage', family: 'USB mass storage (bulk-only)', stage: 'usb', qemuBuses: ['usb'] },
  {
    module: 'uas',
    family: 'USB Attached SCSI (USB 3 disks and enclosures)',
    stage: 'usb',
    qemuBuses: ['usb-uas'],
  },
  {
    module: 'sdhci_pci',
    family: 'SD/MMC host controllers on PCI',
    stage: 'pci',
    qemuBuses: ['sdhci'],
    helper: true,
  },
  { module: 'mmc_block', family: 'SD cards and eMMC (mmcblk*)', stage: 'mmc', qemuBuses: ['sdhci'] },
];

/** Modules of the table loaded by one coldplug pass (`pci`, `acpi`, `vmbus`, `xen`): each needs a device alias. */
export const COLDPLUG_STAGES: readonly LoadStage[] = ['pci', 'acpi', 'vmbus', 'xen'];

/** The table's modules of the given stages. */
export function listControllerModules(stages: readonly LoadStage[]): string[] {
  return STORAGE_CONTROLLERS.filter((controller) => stages.includes(controller.stage)).map(
    (controller) => controller.module,
  );
}
