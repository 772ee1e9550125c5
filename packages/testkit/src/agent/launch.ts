// How to start the agent: always the compiled main.js of this package's dist/. Tests that import the test kit
// from source (Jest maps @osvif/* to src/) still run the built agent, so `npm run build` must come first; the
// test command does that. No TypeScript is compiled at run time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TestkitSetupError } from '../errors';

/** The command (file + args) that runs the agent. */
export function agentNodeCommand(): { file: string; args: string[] } {
  const main = join(__dirname, '..', '..', 'dist', 'agent', 'main.js');
  if (!existsSync(main)) throw new TestkitSetupError(`the netns agent is not built (${main} is missing): run \`npm run build\` first`);
  return { file: process.execPath, args: [main] };
}
