// Config errors name the file (and line), group, option and offending value.
import { OsvifError } from '@osvif/objects';

/** Base of the config errors. Each subclass declares its stable `static readonly code` (docs/errors.md). */
export class ConfigError extends OsvifError {
  static readonly code: string = 'CONFIG_ERROR';
  constructor(message: string) {
    super(new.target.code, message);
  }
}

/** The file cannot be read. */
export class ConfigFileError extends ConfigError {
  static override readonly code = 'CONFIG_FILE_UNREADABLE';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read config file ${file}: ${reason}`);
  }
}

/** The file is not valid INI (oslo.config's iniparser rules). */
export class ConfigSyntaxError extends ConfigError {
  static override readonly code = 'CONFIG_SYNTAX';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}: ${JSON.stringify(text)}`);
  }
}

/** A value that does not fit its option's type or choices. `where` is "file:line" or "env NAME". */
export class ConfigValueError extends ConfigError {
  static override readonly code = 'CONFIG_VALUE';
  constructor(
    readonly where: string,
    readonly group: string,
    readonly option: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${where}: [${group}] ${option} = ${JSON.stringify(value)}: ${reason}`);
  }
}
