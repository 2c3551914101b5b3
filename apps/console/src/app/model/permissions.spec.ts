import { capabilitiesOf } from './permissions';

describe('console: what a key may do', () => {
  it.each([
    [['admin'], { read: true, send: true, admin: true }],
    [['read'], { read: true, send: false, admin: false }],
    [['read', 'send'], { read: true, send: true, admin: false }],
    [['send'], { read: false, send: true, admin: false }],
  ])('%j may %j', (scopes, capabilities) => {
    expect(capabilitiesOf(scopes)).toEqual(capabilities);
  });
});
