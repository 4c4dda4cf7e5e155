import { FlowRecordError, formatRecord, headerLine, parseFormat, parseRecord, parseRecords } from '../../flowlogs';
import { TEST_LINES as LAB_LINES } from '../../fixtures/vpc-flow-logs/lab';

function thrown(fn: () => unknown): FlowRecordError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FlowRecordError) return e;
    throw e;
  }
  throw new Error('expected a FlowRecordError, but nothing was thrown');
}

describe('parseRecord, default format', () => {
  test.each([
    [LAB_LINES[0], { srcAddr: '61.177.172.128', srcPort: 39611, dstPort: 22, packets: 1, bytes: 40, start: 1563108188, end: 1563108227, action: 'REJECT' }],
    [LAB_LINES[1], { srcAddr: '182.68.238.8', srcPort: 42227, dstPort: 22, packets: 1, bytes: 44, start: 1563109030, end: 1563109067, action: 'REJECT' }],
    [LAB_LINES[2], { srcAddr: '42.171.23.181', srcPort: 52417, dstPort: 22, packets: 24, bytes: 4065, start: 1563191069, end: 1563191121, action: 'ACCEPT' }],
    [LAB_LINES[3], { srcAddr: '61.177.172.128', srcPort: 39611, dstPort: 80, packets: 1, bytes: 40, start: 1563108188, end: 1563108227, action: 'REJECT' }],
  ])('reads every typed value of the lab test line %s', (line, expected) => {
    const r = parseRecord(line);
    expect({
      version: r.version,
      accountId: r.accountId,
      interfaceId: r.interfaceId,
      srcAddr: r.srcAddr,
      dstAddr: r.dstAddr,
      srcPort: r.srcPort,
      dstPort: r.dstPort,
      protocol: r.protocol,
      packets: r.packets,
      bytes: r.bytes,
      start: r.start,
      end: r.end,
      action: r.action,
      logStatus: r.logStatus,
    }).toEqual({ version: 2, accountId: '086112738802', interfaceId: 'eni-0d5d75b41f9befe9e', dstAddr: '172.31.83.158', protocol: 6, logStatus: 'OK', ...expected });
  });

  test('keeps the account id as text, leading zeros and all', () => {
    const r = parseRecord(LAB_LINES[0]);
    expect(r.raw['account-id']).toBe('086112738802');
    expect(r.str('account-id')).toBe('086112738802');
  });

  test('the VPC-EX accepted SSH and rejected RDP records', () => {
    const ssh = parseRecord('2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK');
    expect([ssh.srcAddr, ssh.dstAddr, ssh.dstPort, ssh.protocol, ssh.action]).toEqual(['172.31.16.139', '172.31.16.21', 22, 6, 'ACCEPT']);
    const rdp = parseRecord('2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK');
    expect([rdp.dstPort, rdp.action]).toEqual([3389, 'REJECT']);
  });

  test('a NODATA record reads `-` as undefined but keeps its real start and end', () => {
    const r = parseRecord('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA');
    expect(r.logStatus).toBe('NODATA');
    expect([r.srcAddr, r.dstAddr, r.srcPort, r.dstPort, r.protocol, r.packets, r.bytes, r.action]).toEqual(Array(8).fill(undefined));
    expect([r.start, r.end, r.interfaceId, r.version]).toEqual([1431280876, 1431280934, 'eni-1235b8ca123456789', 2]);
    expect(r.raw['srcaddr']).toBe('-');
    expect(r.raw['action']).toBe('-');
  });

  test('a SKIPDATA record parses the same way', () => {
    const r = parseRecord('2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA');
    expect(r.logStatus).toBe('SKIPDATA');
    expect(r.num('packets')).toBeUndefined();
    expect(r.str('action')).toBeUndefined();
  });

  test('toObject types every field and reports `-` as undefined', () => {
    expect(parseRecord('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA').toObject()).toEqual({
      version: 2, 'account-id': '123456789010', 'interface-id': 'eni-1235b8ca123456789', srcaddr: undefined, dstaddr: undefined,
      srcport: undefined, dstport: undefined, protocol: undefined, packets: undefined, bytes: undefined,
      start: 1431280876, end: 1431280934, action: undefined, 'log-status': 'NODATA',
    });
  });

  test('tolerates a trailing carriage return (CRLF files)', () => {
    expect(parseRecord(`${LAB_LINES[0]}\r`).logStatus).toBe('OK');
  });
});

describe('parseRecord, custom formats', () => {
  test('the VPC-S3 CLI example format (v3 fields)', () => {
    const f = parseFormat('${version} ${vpc-id} ${subnet-id} ${instance-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}');
    const r = parseRecord('3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 10.0.1.5 10.0.0.220 49152 443 6 19 IPv4 10.0.1.5 203.0.113.5', f);
    expect(r.version).toBe(3);
    expect(r.str('vpc-id')).toBe('vpc-abcdefab012345678');
    expect(r.num('tcp-flags')).toBe(19);
    expect(r.str('type')).toBe('IPv4');
    expect(r.dstPort).toBe(443);
    expect(r.str('pkt-dstaddr')).toBe('203.0.113.5');
    // Default-field getters answer undefined for fields the format lacks.
    expect(r.action).toBeUndefined();
    expect(r.has('action')).toBe(false);
  });

  test('a NAT-gateway format without version: instance-id `-` for the requester-managed ENI', () => {
    const f = parseFormat('${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}');
    const r = parseRecord('- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5', f);
    expect(r.version).toBeUndefined();
    expect(r.str('instance-id')).toBeUndefined();
    expect([r.srcAddr, r.dstAddr, r.str('pkt-dstaddr')]).toEqual(['10.0.1.5', '10.0.0.220', '203.0.113.5']);
  });

  test('a format object built by hand (not by parseFormat) works the same', () => {
    const f = { fields: ['srcaddr', 'dstport', 'action'], version: 2, text: '${srcaddr} ${dstport} ${action}' };
    const r = parseRecord('10.0.0.1 22 REJECT', f);
    expect([r.srcAddr, r.dstPort, r.action]).toEqual(['10.0.0.1', 22, 'REJECT']);
    expect(() => parseRecord('10.0.0.1 ssh REJECT', f, 9)).toThrow("line 9: field 'dstport' must be a number, got 'ssh'");
  });

  test('v5 and v7 fields: service names, direction, traffic path and ECS metadata', () => {
    const f = parseFormat('${version} ${srcaddr} ${pkt-src-aws-service} ${pkt-dst-aws-service} ${flow-direction} ${traffic-path} ${ecs-task-id}');
    const r = parseRecord('7 52.95.128.0 S3 - egress 8 -', f);
    expect([r.version, r.str('pkt-src-aws-service'), r.str('pkt-dst-aws-service'), r.str('flow-direction'), r.num('traffic-path'), r.str('ecs-task-id')])
      .toEqual([7, 'S3', undefined, 'egress', 8, undefined]);
    // Newer AWS services than our list still parse: the list only grows.
    expect(parseRecord('7 1.2.3.4 SOME_NEW_SERVICE - ingress - -', f).str('pkt-src-aws-service')).toBe('SOME_NEW_SERVICE');
  });
});

describe('malformed records', () => {
  test.each([
    [LAB_LINES[0].replace(' 22 6 ', ' abc 6 '), 3, /^line 3: field 'dstport' must be a number, got 'abc'$/, 'dstport'],
    [LAB_LINES[0].replace(' 22 6 ', ' -22 6 '), 4, /^line 4: field 'dstport' must be a number, got '-22'$/, 'dstport'],
    [LAB_LINES[0].replace(' 22 6 ', ' 70000 6 '), 5, /^line 5: field 'dstport' must be at most 65535/, 'dstport'],
    [LAB_LINES[0].replace(' 1 40 ', ' 1.5 40 '), 6, /^line 6: field 'packets' must be a number, got '1.5'$/, 'packets'],
    [LAB_LINES[0].replace('REJECT', 'DENY'), 7, /^line 7: field 'action' must be one of ACCEPT, REJECT, got 'DENY'$/, 'action'],
    [LAB_LINES[0].replace('REJECT OK', 'REJECT ok'), 8, /^line 8: field 'log-status' must be one of OK, NODATA, SKIPDATA, got 'ok'$/, 'log-status'],
    [LAB_LINES[0].replace('REJECT OK', 'REJECT -'), 9, /^line 9: field 'log-status'/, 'log-status'],
    [LAB_LINES[0].replace(' 22 ', '  22 '), 10, /^line 10: field 'dstport' is empty/, 'dstport'],
  ])('%s → names line and field', (line, n, message, field) => {
    const e = thrown(() => parseRecord(line, undefined, n));
    expect(e.message).toMatch(message);
    expect(e.field).toBe(field);
    expect(e.lineNumber).toBe(n);
  });

  test('a wrong field count says how many were expected and found', () => {
    expect(thrown(() => parseRecord(LAB_LINES[0].replace(' OK', ''), undefined, 2)).message).toBe(
      'line 2: expected 14 fields (version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status), got 13',
    );
    expect(thrown(() => parseRecord(`${LAB_LINES[0]} extra`, undefined, 2)).message).toMatch(/^line 2: expected 14 fields .*, got 15$/);
    expect(thrown(() => parseRecord('', undefined, 1)).message).toMatch(/^line 1: expected 14 fields .*, got 1$/);
  });

  test('a closed-list custom field is checked too', () => {
    const f = parseFormat('${srcaddr} ${type} ${flow-direction}');
    expect(thrown(() => parseRecord('10.0.0.1 IPv5 egress', f)).message).toBe("flow-log record: field 'type' must be one of IPv4, IPv6, EFA, got 'IPv5'");
    expect(thrown(() => parseRecord('10.0.0.1 IPv4 sideways', f)).field).toBe('flow-direction');
  });
});

describe('formatRecord', () => {
  test('round-trips each lab line through parse → values → format', () => {
    const f = parseFormat();
    for (const line of LAB_LINES) {
      const r = parseRecord(line, f);
      expect(formatRecord(r.toObject(), f)).toBe(line);
      expect(formatRecord(f.fields.map((name) => r.raw[name]), f)).toBe(line);
    }
  });

  test('writes `-` for undefined and null, and integers as digits', () => {
    const line = formatRecord(
      { version: 2, 'account-id': '123456789010', 'interface-id': 'eni-1235b8ca123456789', start: 1431280876, end: 1431280934, action: null, 'log-status': 'NODATA' },
      parseFormat(),
    );
    expect(line).toBe('2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA');
    expect(parseRecord(line).logStatus).toBe('NODATA');
  });

  test('fills a missing version from the format when given values by field id', () => {
    const f = parseFormat('${version} ${srcaddr} ${flow-direction}');
    expect(f.version).toBe(5);
    expect(formatRecord({ srcaddr: '10.0.0.1', 'flow-direction': 'ingress' }, f)).toBe('5 10.0.0.1 ingress');
    expect(formatRecord(['7', '10.0.0.1', undefined], f)).toBe('7 10.0.0.1 -');
  });

  test('round-trips a custom format with every v3-v7 kind of field', () => {
    const f = parseFormat('${version} ${vpc-id} ${tcp-flags} ${type} ${region} ${sublocation-type} ${pkt-dst-aws-service} ${traffic-path} ${ecs-cluster-name}');
    const values = { version: 7, 'vpc-id': 'vpc-0a1b2c3d', 'tcp-flags': 18, type: 'IPv6', region: 'us-east-1', 'sublocation-type': undefined, 'pkt-dst-aws-service': 'DYNAMODB', 'traffic-path': 2, 'ecs-cluster-name': 'web' };
    expect(parseRecord(formatRecord(values, f), f).toObject()).toEqual(values);
  });

  test('refuses values that would corrupt the line', () => {
    const f = parseFormat('${srcaddr} ${bytes}');
    expect(() => formatRecord({ srcaddr: '10.0.0.1 10.0.0.2', bytes: 1 }, f)).toThrow(/field 'srcaddr' must be non-empty text without spaces/);
    expect(() => formatRecord({ srcaddr: '', bytes: 1 }, f)).toThrow(/field 'srcaddr'/);
    expect(() => formatRecord({ srcaddr: 'a', bytes: 1.5 }, f)).toThrow(/field 'bytes' must be a non-negative integer, got 1.5/);
    expect(() => formatRecord(['a'], f)).toThrow(/expected 2 values/);
  });
});

describe('parseRecords', () => {
  test('skips the header line and empty lines, numbering lines as in the file', () => {
    const text = `${headerLine()}\n${LAB_LINES.join('\r\n')}\n\n`;
    const records = parseRecords(text);
    expect(records.map((r) => [r.lineNumber, r.dstPort, r.action])).toEqual([
      [2, 22, 'REJECT'],
      [3, 22, 'REJECT'],
      [4, 22, 'ACCEPT'],
      [5, 80, 'REJECT'],
    ]);
  });

  test('reads files without a header, and reports the failing line of a file', () => {
    expect(parseRecords(LAB_LINES.join('\n'))).toHaveLength(4);
    const bad = [LAB_LINES[0], '', LAB_LINES[1].replace(' 6 1 ', ' tcp 1 ')].join('\n');
    expect(() => parseRecords(bad)).toThrow("line 3: field 'protocol' must be a number, got 'tcp'");
  });

  test('uses the custom format for the header and the records', () => {
    const f = parseFormat('${srcaddr} ${dstport} ${action}');
    const records = parseRecords(`srcaddr dstport action\n10.0.0.1 22 ACCEPT\n10.0.0.2 - REJECT\n`, f);
    expect(records.map((r) => [r.srcAddr, r.dstPort, r.action])).toEqual([
      ['10.0.0.1', 22, 'ACCEPT'],
      ['10.0.0.2', undefined, 'REJECT'],
    ]);
  });
});
