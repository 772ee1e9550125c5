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

/** A `$name` / `${group.name}` in a value names no option that is set or declared, or the references go round in a circle. */
export class ConfigInterpolationError extends ConfigError {
  static override readonly code = 'CONFIG_INTERPOLATION';
  constructor(
    /** "file:line", "env NAME" or "default" of the value that holds the reference. */
    readonly where: string,
    /** Group of that value. */
    readonly group: string,
    /** Option of that value. */
    readonly option: string,
    /** The reference as written, without `$` and braces (e.g. `state_path`, `DEFAULT.host`). */
    readonly reference: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`${where}: [${group}] ${option}: $${reference}: ${reason}`);
  }
}
