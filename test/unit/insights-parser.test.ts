import { InsightsSyntaxError, parseQuery, type Command, type Expr } from '../../emulator/insights';

function cmds(q: string): Command[] {
  return parseQuery(q).commands;
}

function syntaxError(q: string): InsightsSyntaxError {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof InsightsSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a syntax error for: ${q}`);
}

describe('Insights parser: commands', () => {
  it('splits commands on | across newlines and reads the console sample with the fields line', () => {
    const q = 'fields @timestamp, @message, @logStream, @log\n| filter action="REJECT"\n| stats count(*) as numRejections by srcAddr\n| sort numRejections desc\n| limit 20';
    const c = cmds(q);
    expect(c.map((x) => x.kind)).toEqual(['fields', 'filter', 'stats', 'sort', 'limit']);
    const fields = c[0] as Extract<Command, { kind: 'fields' }>;
    expect(fields.items.map((i) => i.name)).toEqual(['@timestamp', '@message', '@logStream', '@log']);
    const stats = c[2] as Extract<Command, { kind: 'stats' }>;
    expect(stats.aggregates[0].name).toBe('numRejections');
    expect(stats.groupBy.map((g) => g.name)).toEqual(['srcAddr']);
    expect(c[3]).toMatchObject({ kind: 'sort', keys: [{ name: 'numRejections', descending: true }] });
    expect(c[4]).toMatchObject({ kind: 'limit', count: 20 });
    // Spans point into the text.
    expect(q.slice(c[1].start, c[1].end)).toBe('filter action="REJECT"');
  });

  it('ignores # comments, including after a command and in a line of its own', () => {
    const c = cmds('# top talkers\nfilter action = "REJECT" # only rejects\n| limit 5 # five');
    expect(c.map((x) => x.kind)).toEqual(['filter', 'limit']);
  });

  it('reads backticked field names with characters that need quoting', () => {
    const c = cmds('fields `foo-bar`, `a b` as x | sort `foo-bar` asc');
    const f = c[0] as Extract<Command, { kind: 'fields' }>;
    expect(f.items.map((i) => i.name)).toEqual(['foo-bar', 'x']);
    expect(c[1]).toMatchObject({ keys: [{ name: 'foo-bar', descending: false }] });
  });

  it('names unaliased expressions after their source text', () => {
    const c = cmds('stats avg(bytes), min(bytes),  max( bytes ) by srcAddr, bin(5m)');
    const s = c[0] as Extract<Command, { kind: 'stats' }>;
    expect(s.aggregates.map((a) => a.name)).toEqual(['avg(bytes)', 'min(bytes)', 'max( bytes )']);
    expect(s.groupBy.map((g) => g.name)).toEqual(['srcAddr', 'bin(5m)']);
  });

  it('parses count forms, pct and several aggregates with aliases', () => {
    const s = cmds('stats count() as a, count(*) as b, count(srcAddr) as c, pct(bytes, 95) as p95, count_distinct(dstAddr)')[0] as Extract<Command, { kind: 'stats' }>;
    expect(s.aggregates.map((a) => a.name)).toEqual(['a', 'b', 'c', 'p95', 'count_distinct(dstAddr)']);
    expect((s.aggregates[1].expr as Extract<Expr, { kind: 'call' }>).args[0].kind).toBe('star');
    expect((s.aggregates[0].expr as Extract<Expr, { kind: 'call' }>).args).toHaveLength(0);
  });

  it('parses display, several sort keys, dedup and limit', () => {
    const c = cmds('display srcAddr, dstAddr | sort bytes desc, srcAddr asc | dedup srcAddr, dstAddr | limit 3');
    expect(c[0]).toMatchObject({ kind: 'display', items: [{ name: 'srcAddr' }, { name: 'dstAddr' }] });
    expect(c[1]).toMatchObject({ keys: [{ name: 'bytes', descending: true }, { name: 'srcAddr', descending: false }] });
    expect(c[2]).toMatchObject({ kind: 'dedup', fields: [{ name: 'srcAddr' }, { name: 'dstAddr' }] });
  });

  it('parses parse in glob and regex modes, with and without a source field', () => {
    const [g, r, d] = cmds('parse @message "user=*, method:*" as user, method | parse @message /(?<eni>eni-\\w+) (?<src>\\S+)/ | parse "x=*" as x');
    expect(g).toMatchObject({ kind: 'parse', mode: 'glob', pattern: 'user=*, method:*', names: ['user', 'method'], source: { name: '@message' } });
    expect(r).toMatchObject({ kind: 'parse', mode: 'regex', names: ['eni', 'src'] });
    expect(d).toMatchObject({ kind: 'parse', mode: 'glob', names: ['x'], source: { name: '@message' } });
  });

  it('parses filter operators: comparisons, boolean logic, arithmetic precedence, like, =~, in', () => {
    const f = (q: string) => (cmds(q)[0] as Extract<Command, { kind: 'filter' }>).expr;
    expect(f('filter a = 1 and b != "x" or not c >= 2')).toMatchObject({
      kind: 'binary',
      op: 'or',
      left: { op: 'and', left: { op: '=' }, right: { op: '!=' } },
      right: { kind: 'unary', op: 'not', operand: { op: '>=' } },
    });
    expect(f('filter bytes + 2 * 3 ^ 2 > 10')).toMatchObject({
      op: '>',
      left: { op: '+', right: { op: '*', right: { op: '^' } } },
    });
    expect(f('filter @message like "sub"')).toMatchObject({ kind: 'like', negated: false, pattern: { kind: 'string', value: 'sub' } });
    expect(f('filter @message not like /re+/')).toMatchObject({ kind: 'like', negated: true, pattern: { kind: 'regex', source: 're+' } });
    expect(f('filter @message =~ /(?i)error/')).toMatchObject({ kind: 'match', pattern: { kind: 'regex', source: 'error', ignoreCase: true } });
    expect(f('filter action in ["ACCEPT", "REJECT"]')).toMatchObject({ kind: 'in', negated: false, list: { kind: 'list', items: [{ value: 'ACCEPT' }, { value: 'REJECT' }] } });
    expect(f('filter dstPort not in [22, 3389]')).toMatchObject({ kind: 'in', negated: true });
    expect(f('filter bytes / 2 > 1')).toMatchObject({ left: { op: '/' } });
  });

  it('accepts every documented function name, case-insensitively', () => {
    const scalar = [
      'bin(5m)', 'datefloor(@timestamp, 1h)', 'dateceil(@timestamp, 1d)', 'fromMillis(1000)', 'toMillis(@timestamp)',
      'ispresent(a)', 'coalesce(a, b, "c")', 'isempty(a)', 'isblank(a)', 'concat(a, "-", b)', 'ltrim(a)', 'rtrim(a, "x")', 'trim(a)',
      'strlen(a)', 'toupper(a)', 'tolower(a)', 'substr(a, 1, 2)', 'replace(a, "x", "y")', 'strcontains(a, "x")',
      'abs(a)', 'ceil(a)', 'floor(a)', 'greatest(a, b)', 'least(a, b)', 'log(a)', 'sqrt(a)',
      'isValidIp(a)', 'isValidIpV4(a)', 'isValidIpV6(a)', 'isIpInSubnet(a, "10.0.0.0/8")', 'isIpv4InSubnet(a, "10.0.0.0/8")', 'isIpv6InSubnet(a, "2001:db8::/32")',
    ];
    for (const s of scalar) expect(() => parseQuery(`fields ${s} as x`)).not.toThrow();
    const aggregates = ['count()', 'count(*)', 'count(a)', 'count_distinct(a)', 'sum(a)', 'avg(a)', 'min(a)', 'max(a)', 'pct(a, 50)', 'stddev(a)', 'earliest(a)', 'latest(a)', 'sortsFirst(a)', 'sortsLast(a)'];
    for (const s of aggregates) expect(() => parseQuery(`stats ${s} by b`)).not.toThrow();
  });
});

describe('Insights parser: errors carry offsets', () => {
  it('points at an unknown command', () => {
    const q = 'fields @timestamp, custom_field | count()';
    const e = syntaxError(q);
    expect(q.slice(e.startCharOffset, e.endCharOffset)).toBe('count');
    expect(e.message).toMatch(/^mismatched input 'count' expecting \{K_FIELDS, .*K_PARSE/);
  });

  it('points at an unknown function', () => {
    const q = 'stats count(*) by nosuch(srcAddr)';
    const e = syntaxError(q);
    expect(q.slice(e.startCharOffset, e.endCharOffset)).toBe('nosuch');
  });

  it('points at the token after a complete expression', () => {
    const q = 'filter action = "REJECT" "stray"';
    const e = syntaxError(q);
    expect(q.slice(e.startCharOffset, e.endCharOffset)).toBe('"stray"');
  });

  it('reports an unclosed string from its quote to the end', () => {
    const q = 'filter action = "REJECT';
    const e = syntaxError(q);
    expect(e.startCharOffset).toBe(q.indexOf('"'));
    expect(e.endCharOffset).toBe(q.length);
  });

  it('rejects aggregates outside stats, wrong arity, bad limits, bad units, glob/name mismatch and commands after dedup', () => {
    const cases: Array<[string, string]> = [
      ['filter count(*) > 1', 'count(*)'],
      ['fields strlen(a, b)', 'strlen(a, b)'],
      ['limit 0', '0'],
      ['stats count(*) by bin(5parsecs)', '5parsecs'],
      ['parse @message "a * b *" as one', '"a * b *"'],
      ['dedup srcAddr | sort bytes', 'sort bytes'],
      ['stats srcAddr', 'srcAddr'],
      ['filter @message like /(unclosed/', '/(unclosed/'],
    ];
    for (const [q, span] of cases) {
      const e = syntaxError(q);
      expect([q, q.slice(e.startCharOffset, e.endCharOffset)]).toEqual([q, span]);
    }
  });

  it('rejects an empty query and a query that is only a comment', () => {
    expect(syntaxError('').message).toMatch(/empty/);
    expect(syntaxError('# nothing').message).toMatch(/empty/);
  });
});
