// @osvif/ovsdb: a generic RFC 7047 (OVSDB) client with typed errors. No dependency on any other
// osvif package and no os-vif policy: what to monitor and which database to use come from the caller.
// See docs/ovsdb.md.

// The client and its cache.
export { OvsdbClient } from './client/client';
export type { OvsdbClientOptions, OvsdbMonitorSpec, OvsdbSchema } from './client/client';
export type { TableCache, CachedRow } from './client/cache';
export type { OvsdbLogger } from './logger';

// Where the database is.
export { parseEndpoint } from './endpoint';
export type { OvsdbEndpoint } from './endpoint';

// RFC 7047 notation: datums, their plain values, operations.
export { uuidAtom, namedUuidAtom, ovsSet, ovsMap, fromDatum, valueAsArray, valueAsOptional, valueAsStringMap } from './protocol/datum';
export type { Atom, Uuid, NamedUuid, OvsSet, OvsMap, Datum, OvsdbValue } from './protocol/datum';
export type { OvsdbOperation, OvsdbOperationResult, OvsdbCondition, OvsdbMutation, OvsdbRow } from './protocol/operations';

// Errors: the root, the client-side failures, and one class per server error string.
export {
  OvsdbError,
  OvsdbConnectionError,
  OvsdbTimeoutError,
  OvsdbProtocolError,
  OvsdbInvalidArgumentError,
  OvsdbTransactionError,
  OvsdbReferentialIntegrityViolationError,
  OvsdbConstraintViolationError,
  OvsdbResourcesExhaustedError,
  OvsdbIoError,
  OvsdbDuplicateUuidNameError,
  OvsdbDomainError,
  OvsdbRangeError,
  OvsdbWaitTimedOutError,
  OvsdbNotSupportedError,
  OvsdbAbortedError,
  OvsdbNotOwnerError,
  OvsdbUnknownDatabaseError,
  OvsdbObjectTooLargeError,
  OvsdbSyntaxError,
  OvsdbUnknownColumnError,
  OvsdbUnknownMethodError,
  OvsdbPermissionError,
  transactionErrorFromReply,
} from './errors';
export type { OvsdbErrorReply } from './errors';
