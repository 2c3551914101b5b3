import { isPrivateAddress, outboundUrlProblems } from './outbound-url';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['::', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::10.0.0.1', true],
    ['2001:db8::1', true],
    ['2606:4700:4700::1111', false],
    ['[::1]', true],
    ['not an address', true],
  ])('%s → %p', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('outboundUrlProblems', () => {
  it.each([
    ['https://orders.example.com/wabus', false, 0],
    ['http://orders.example.com:8080/hook?x=1', false, 0],
    ['http://127.0.0.1:4000/hook', false, 1],
    ['http://localhost:4000/hook', false, 1],
    ['http://printer.local/hook', false, 1],
    ['http://intranet/hook', false, 1],
    ['http://[::1]:8080/hook', false, 1],
    ['http://169.254.169.254/latest/meta-data', false, 1],
    ['http://127.0.0.1:4000/hook', true, 0],
    ['http://localhost:4000/hook', true, 0],
    ['ftp://example.com/file', true, 1],
    ['https://user:pass@example.com/hook', true, 1],
    ['https://example.com/hook#frag', true, 1],
    ['/relative', true, 1],
    ['', true, 1],
    [42, true, 1],
  ])('%p with allowPrivate=%p has %p problems', (url, allowPrivate, count) => {
    expect(outboundUrlProblems(url, { allowPrivate })).toHaveLength(count);
  });
});
