// describeError <-> errorFromDescription: an error described in one process (the daemon's JSON answer) comes back
// in another as an OsvifError that is `instanceof` the classes of its lineage, with its causes; what is not a
// code in a lineage is dropped (the description comes over a socket).
import { describeError, errorFromDescription, OsvifError } from '@osvif/objects';

class LinkTrouble extends OsvifError {
  static readonly code: string = 'TEST_LINK_TROUBLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super((new.target as unknown as { code: string }).code, message, options);
  }
}
class NoSuchThing extends LinkTrouble {
  static override readonly code = 'TEST_NO_SUCH_THING';
}
class Unrelated extends OsvifError {
  static readonly code = 'TEST_UNRELATED';
}

it('describes an OsvifError with its lineage, and rebuilds it instanceof every class of it', () => {
  const original = new LinkTrouble('wrapped', { cause: new NoSuchThing('no br0') });
  const described = describeError(original);
  expect(described).toEqual({
    code: 'TEST_LINK_TROUBLE',
    name: 'LinkTrouble',
    message: 'wrapped',
    lineage: ['TEST_LINK_TROUBLE'],
    cause: { code: 'TEST_NO_SUCH_THING', name: 'NoSuchThing', message: 'no br0', lineage: ['TEST_NO_SUCH_THING', 'TEST_LINK_TROUBLE'] },
  });
  const rebuilt = errorFromDescription(JSON.parse(JSON.stringify(described)) as typeof described);
  expect(rebuilt).toBeInstanceOf(LinkTrouble);
  expect(rebuilt).toBeInstanceOf(OsvifError);
  expect(rebuilt).not.toBeInstanceOf(NoSuchThing);
  expect(rebuilt).not.toBeInstanceOf(Unrelated);
  expect(rebuilt.cause).toBeInstanceOf(NoSuchThing);
  expect(rebuilt.cause).toBeInstanceOf(LinkTrouble);
  expect(rebuilt).toMatchObject({ code: 'TEST_LINK_TROUBLE', name: 'LinkTrouble', message: 'wrapped' });
  expect(describeError(rebuilt)).toEqual(described); // the same description again
});

it('errors that are not osvif classes have no lineage; a hostile lineage gives no instanceof', () => {
  const errno = Object.assign(new Error('gone'), { code: 'ENOENT' });
  expect(describeError(errno)).toEqual({ code: 'ENOENT', name: 'Error', message: 'gone' });
  const rebuilt = errorFromDescription({ code: 'ENOENT', name: 'Error', message: 'gone' });
  expect(rebuilt).toBeInstanceOf(OsvifError);
  expect(rebuilt).not.toBeInstanceOf(LinkTrouble);
  const forged = errorFromDescription({ code: 'X', name: 'X', message: 'x', lineage: ['not a code', 7, 'TEST_UNRELATED'] as never });
  expect(forged).toBeInstanceOf(Unrelated); // a code is a code: the daemon says what the error is
  expect(forged).not.toBeInstanceOf(LinkTrouble);
  expect(describeError(forged).lineage).toEqual(['TEST_UNRELATED']);
});
