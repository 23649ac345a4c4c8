// docs/hardware.md's table of storage controllers, rendered from storage-controllers.ts (pure).
import { STORAGE_CONTROLLERS } from './storage-controllers.ts';

const STAGES = {
  pci: 'coldplug (PCI)',
  acpi: 'coldplug (ACPI)',
  vmbus: 'coldplug (VMBus)',
  xen: 'coldplug (Xen bus)',
  usb: 'with a USB host',
  mmc: 'with an SD/MMC host',
} as const;

/** The markdown table: family, driver, when the init loads it, the scenario that proves it (or "shipped only"). */
export function renderHardwareTable(): string {
  const rows = STORAGE_CONTROLLERS.map((controller) => {
    const proof =
      controller.qemuBuses.length === 0
        ? `shipped only (${controller.unproven ?? 'QEMU cannot emulate it'})`
        : controller.qemuBuses.map((bus) => `\`${proofScenarioOf(bus)}\``).join(', ');
    return `| ${controller.family}${controller.helper ? ' (helper)' : ''} | \`${controller.module}\` | ${STAGES[controller.stage]} | ${proof} |`;
  });
  return ['| controller family | driver | loaded | proven by |', '|---|---|---|---|', ...rows].join('\n');
}

/** The scenario that proves a bus: the controllers group's `controller-<bus>`, or the scenario of a base bus. */
export function proofScenarioOf(bus: string): string {
  const base: Record<string, string> = {
    virtio: 'single-vda',
    nvme: 'single-nvme',
    scsi: 'scsi-512e',
    sata: 'sata-512e',
    usb: 'filtering',
  };
  return base[bus] ?? `controller-${bus}`;
}
