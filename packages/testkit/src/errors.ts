import { OsvifError } from '@osvif/objects';

/** The test kit cannot set up what a test asked for (not root, a tool missing, the agent not built). */
export class TestkitSetupError extends OsvifError {
  static readonly code = 'TESTKIT_SETUP';
  constructor(message: string, options?: { cause?: unknown }) {
    super(TestkitSetupError.code, message, options);
  }
}
