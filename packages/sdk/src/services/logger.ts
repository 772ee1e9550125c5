// The structured logger interface lives in @osvif/objects (negotiation logs too).
export type { Logger, LogFields } from '@osvif/objects';
