// Config errors name the file (and line), group, option and offending value.

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The file cannot be read. */
export class ConfigFileError extends ConfigError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read config file ${file}: ${reason}`);
  }
}

/** The file is not valid INI (oslo.config's iniparser rules). */
export class ConfigSyntaxError extends ConfigError {
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
