/** The test layers of archy-TESTING.md (L1 RPC … L6 performance): tags `@L1`..`@L6` (./tags.ts). */
export const LAYERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'] as const;
export type Layer = (typeof LAYERS)[number];
