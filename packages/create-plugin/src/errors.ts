// What can go wrong before anything is written: a bad argument or name, or a target directory in use.
import { OsvifError } from '@osvif/objects';

/** A command-line argument or a derived name is not usable (exit 2). Code `SCAFFOLD_USAGE`. */
export class ScaffoldUsageError extends OsvifError {
  static readonly code = 'SCAFFOLD_USAGE';
  constructor(message: string) {
    super(ScaffoldUsageError.code, message);
  }
}

/** The target directory exists and is not empty: nothing is overwritten (exit 1). Code `SCAFFOLD_TARGET_NOT_EMPTY`. */
export class ScaffoldTargetError extends OsvifError {
  static readonly code = 'SCAFFOLD_TARGET_NOT_EMPTY';
  constructor(readonly dir: string) {
    super(ScaffoldTargetError.code, `${dir} exists and is not empty; choose a new directory`);
  }
}
