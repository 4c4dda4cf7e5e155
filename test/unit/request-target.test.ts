import { parseRequestTarget } from '../../emulator/gateway/request-target';

// The gateway reads a request's path and query without the URL parser for plain targets; whatever
// it reads must be what `new URL(target, base)` gives, or S3 keys and query members would change.
// A target the URL parser refuses (`//`: an empty host) must be refused too: the server answers 400.
const read = (parse: () => { pathname: string; searchParams: URLSearchParams }) => {
  try {
    const u = parse();
    return { pathname: u.pathname, query: [...u.searchParams] };
  } catch (err) {
    return { refused: (err as Error).name };
  }
};
const viaUrl = (t: string) => read(() => new URL(t, 'http://emulator.local'));
const viaGateway = (t: string) => read(() => parseRequestTarget(t));

describe('parseRequestTarget', () => {
  it.each([
    '/',
    '/?Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1',
    '/bench-bucket/k?x-id=PutObject',
    '/bucket/dir/file.txt',
    '/bucket/a%2Fb%20c?tagging=',
    '/a?b=c%20d+e&f=%zz',
    '/a??x=1', // a query starting with '?': the key keeps it
    '/a?x="<>\'`{}|^',
    '/a?x=1#frag',
    '/a/../b',
    '/a/./b',
    '/a/%2e%2E/b',
    '/.hidden',
    '//host/path',
    '//',
    '/a b/c',
    '/caf\u00e9?q=\u00e9',
    '/a\\b',
    '/a\tb',
  ])('reads %j as the URL parser does', (target) => {
    expect(viaGateway(target)).toEqual(viaUrl(target));
  });

  it('agrees with the URL parser on every short target over a mixed alphabet', () => {
    const parts = ['a', '0', '-', '.', '_', '~', '!', '$', '&', "'", '(', '*', '+', ',', ';', '=', ':', '@', '/', '%', '%2e', '%41', '?', '#', ' ', '"', '<', '\\', '{', '\u00e9'];
    let checked = 0;
    // Every target of up to three parts after the leading slash: 30^3 + 30^2 + 30 + 1 targets.
    const grow = (t: string, depth: number) => {
      expect(viaGateway(t)).toEqual(viaUrl(t));
      checked++;
      if (depth < 3) for (const p of parts) grow(t + p, depth + 1);
    };
    grow('/', 0);
    expect(checked).toBe(1 + 30 + 900 + 27_000);
  });
});
