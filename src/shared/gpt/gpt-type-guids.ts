// Well-known GPT partition type GUIDs by their sgdisk type code.

export const GPT_TYPE_GUIDS = {
  EF02: '21686148-6449-6e6f-744e-656564454649',
  EF00: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  '8300': '0fc63daf-8483-4772-8e79-3d69d8477de4',
} as const;

export type GptTypeCode = keyof typeof GPT_TYPE_GUIDS;

/** The sgdisk type code for a type GUID, or null when it is not one we know. */
export function findGptTypeCode(typeGuid: string): GptTypeCode | null {
  const lower = typeGuid.toLowerCase();
  for (const [code, guid] of Object.entries(GPT_TYPE_GUIDS)) if (guid === lower) return code as GptTypeCode;
  return null;
}
