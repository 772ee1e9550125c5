// The module the runtime loads (package.json "osvif".plugin, built to dist/index.js): it exports the plugin class.
export { __CLASS_NAME__ } from './plugin';
