import { OsvifError } from '@osvif/objects';

/** A --vif/--instance/--config argument that cannot be read or parsed. */
export class InputFileError extends OsvifError {
  static readonly code = 'INPUT_FILE';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(InputFileError.code, `${file === '-' ? 'standard input' : file}: ${reason}`);
  }
}

/** A command-line value that makes no sense (e.g. --to with a non-version). */
export class UsageError extends OsvifError {
  static readonly code = 'USAGE';
  constructor(message: string) {
    super(UsageError.code, message);
  }
}
