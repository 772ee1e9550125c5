import { OsvifError } from '@osvif/objects';

/** The test kit cannot set up what a test asked for (not root, a tool missing, the agent not built). */
export class TestkitSetupError extends OsvifError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('TESTKIT_SETUP', message, options);
  }
}
