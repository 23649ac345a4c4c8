// GPT partition type GUIDs (lower case) of the sgdisk type codes the zos layout uses.

export const GPT_TYPE_GUIDS = {
  /** BIOS boot partition (sgdisk EF02). */
  EF02: '21686148-6449-6e6f-744e-656564454649',
  /** EFI System Partition (sgdisk EF00). */
  EF00: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  /** Linux filesystem data (sgdisk 8300). */
  '8300': '0fc63daf-8483-4772-8e79-3d69d8477de4',
} as const;

export type GptTypeCode = keyof typeof GPT_TYPE_GUIDS;
