// Plugin SDK: decorators that declare a plugin, the definition the runtime
// reads from them, typed config options and the errors plugins throw.
export { inject, injectable } from 'tsyringe';
export * from './errors';
export * from './options';
export * from './versions';
export * from './metadata';
export { VifPlugin, Consumes, Plug, Unplug, lineage } from './decorators';
export type { VifPluginOptions, ConsumesOptions } from './decorators';
export * from './dispatch';
export * from './describe';
