/** A --vif/--instance/--config argument that cannot be read or parsed. */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file === '-' ? 'standard input' : file}: ${reason}`);
    this.name = new.target.name;
  }
}

/** A command-line value that makes no sense (e.g. --to with a non-version). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
