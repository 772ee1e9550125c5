import { Datum } from './datum';

/** A `where` clause: [column, function, value]. */
export type Condition = readonly [string, '<' | '<=' | '==' | '!=' | '>=' | '>' | 'includes' | 'excludes', Datum];
/** A mutation: [column, mutator, value]. */
export type Mutation = readonly [string, '+=' | '-=' | '*=' | '/=' | '%=' | 'insert' | 'delete', Datum];
export type Row = Readonly<Record<string, Datum>>;

/** Every operation of RFC 7047 section 5.2. */
export type Operation =
  | { readonly op: 'insert'; readonly table: string; readonly row: Row; readonly 'uuid-name'?: string }
  | { readonly op: 'select'; readonly table: string; readonly where: readonly Condition[]; readonly columns?: readonly string[] }
  | { readonly op: 'update'; readonly table: string; readonly where: readonly Condition[]; readonly row: Row }
  | { readonly op: 'mutate'; readonly table: string; readonly where: readonly Condition[]; readonly mutations: readonly Mutation[] }
  | { readonly op: 'delete'; readonly table: string; readonly where: readonly Condition[] }
  | {
      readonly op: 'wait';
      readonly table: string;
      readonly where: readonly Condition[];
      readonly columns: readonly string[];
      readonly until: '==' | '!=';
      readonly rows: readonly Row[];
      readonly timeout?: number;
    }
  | { readonly op: 'commit'; readonly durable: boolean }
  | { readonly op: 'abort' }
  | { readonly op: 'comment'; readonly comment: string }
  | { readonly op: 'assert'; readonly lock: string };

/** One element of a transact reply. */
export interface OperationResult {
  readonly uuid?: Uuid2;
  readonly rows?: readonly Record<string, unknown>[];
  readonly count?: number;
  readonly error?: string;
  readonly details?: string;
}
type Uuid2 = readonly ['uuid', string];
