import type { Datum, Uuid } from './datum';

/** A `where` clause (RFC 7047 5.1 `<condition>`): [column, function, value]. */
export type OvsdbCondition = readonly [string, '<' | '<=' | '==' | '!=' | '>=' | '>' | 'includes' | 'excludes', Datum];
/** A mutation (RFC 7047 5.1 `<mutation>`): [column, mutator, value]. */
export type OvsdbMutation = readonly [string, '+=' | '-=' | '*=' | '/=' | '%=' | 'insert' | 'delete', Datum];
/** A row (RFC 7047 5.1 `<row>`): column name -> datum. */
export type OvsdbRow = Readonly<Record<string, Datum>>;

/** One operation of a `transact` request: every operation of RFC 7047 section 5.2. */
export type OvsdbOperation =
  | { readonly op: 'insert'; readonly table: string; readonly row: OvsdbRow; readonly 'uuid-name'?: string }
  | { readonly op: 'select'; readonly table: string; readonly where: readonly OvsdbCondition[]; readonly columns?: readonly string[] }
  | { readonly op: 'update'; readonly table: string; readonly where: readonly OvsdbCondition[]; readonly row: OvsdbRow }
  | {
      readonly op: 'mutate';
      readonly table: string;
      readonly where: readonly OvsdbCondition[];
      readonly mutations: readonly OvsdbMutation[];
    }
  | { readonly op: 'delete'; readonly table: string; readonly where: readonly OvsdbCondition[] }
  | {
      readonly op: 'wait';
      readonly table: string;
      readonly where: readonly OvsdbCondition[];
      readonly columns: readonly string[];
      readonly until: '==' | '!=';
      readonly rows: readonly OvsdbRow[];
      readonly timeout?: number;
    }
  | { readonly op: 'commit'; readonly durable: boolean }
  | { readonly op: 'abort' }
  | { readonly op: 'comment'; readonly comment: string }
  | { readonly op: 'assert'; readonly lock: string };

/** One element of a successful `transact` reply (which fields are set depends on the operation). */
export interface OvsdbOperationResult {
  /** insert: the new row's UUID. */
  readonly uuid?: Uuid;
  /** select: the rows, with datums as sent. */
  readonly rows?: readonly Record<string, unknown>[];
  /** update, mutate, delete: how many rows matched. */
  readonly count?: number;
  /** Never set in what `OvsdbClient.transact` returns: errors are thrown as typed errors. */
  readonly error?: string;
  /** Never set in what `OvsdbClient.transact` returns (see `error`). */
  readonly details?: string;
}
